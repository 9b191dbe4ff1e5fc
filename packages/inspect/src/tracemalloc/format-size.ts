/**
 * tracemalloc's `_format_size`: `B`, `KiB`, `MiB`… with three significant digits, and a sign when asked.
 * @example
 * formatSize(1536, false); // "1536 B"
 * formatSize(153600, true); // "+150 KiB"
 */
export function formatSize(size: number, sign: boolean): string {
  let s = size;
  for (const unit of ["B", "KiB", "MiB", "GiB", "TiB"]) {
    if (Math.abs(s) < 100 && unit !== "B") return `${fixed(s, 1, sign)} ${unit}`;
    if (Math.abs(s) < 10 * 1024 || unit === "TiB") return `${fixed(s, 0, sign)} ${unit}`;
    s /= 1024;
  }
  return String(size);
}

/** Python's `"%.Nf"` (or `"%+.Nf"`): rounds halves to even, as C's printf does for exact halves. */
function fixed(x: number, digits: number, sign: boolean): string {
  const scale = 10 ** digits;
  const scaled = x * scale;
  const floor = Math.floor(scaled);
  let r = scaled - floor === 0.5 ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(scaled);
  if (Object.is(r, -0)) r = 0;
  const text = (r / scale).toFixed(digits);
  return sign && r >= 0 ? `+${text}` : text;
}
