/** Above this many cells of the LCS table two outputs are compared line by line at equal positions. */
const MAX_LCS_CELLS = 4_000_000;

/**
 * For each line of `a`, whether it is matched in a longest common subsequence of `a` and `b`
 * (so a line printed later under one strategy still matches, and only what one of them printed that
 * the other did not stands out). Dynamic programming over suffixes in one Uint32Array.
 */
function matchedLines(a: readonly string[], b: readonly string[]): Uint8Array {
  const n = a.length;
  const m = b.length;
  const out = new Uint8Array(n);
  if ((n + 1) * (m + 1) > MAX_LCS_CELLS) {
    for (let i = 0; i < n; i++) out[i] = a[i] === b[i] ? 1 : 0;
    return out;
  }
  const w = m + 1;
  const L = new Uint32Array((n + 1) * w); // L[i][j] = LCS length of a[i..], b[j..]
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      L[i * w + j] =
        a[i] === b[j] ? L[(i + 1) * w + j + 1]! + 1 : Math.max(L[(i + 1) * w + j]!, L[i * w + j + 1]!);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out[i] = 1;
      i++;
      j++;
    } else if (L[(i + 1) * w + j]! >= L[i * w + j + 1]!) i++;
    else j++;
  }
  return out;
}

/**
 * Marks, in each strategy's output, the lines that differ from at least one other strategy's: a line
 * is the same only when it lines up (in a longest common subsequence) with every other column. With
 * one column nothing differs.
 *
 * @example
 * markDifferences([["a", "__del__ x", "b"], ["a", "b"]]);
 * // [[0, 1, 0], [0, 0]]: only the line the second strategy never printed
 */
export function markDifferences(columns: readonly (readonly string[])[]): Uint8Array[] {
  return columns.map((col, c) => {
    const differs = new Uint8Array(col.length);
    for (let o = 0; o < columns.length; o++) {
      if (o === c) continue;
      const matched = matchedLines(col, columns[o]!);
      for (let i = 0; i < col.length; i++) if (matched[i] === 0) differs[i] = 1;
    }
    return differs;
  });
}
