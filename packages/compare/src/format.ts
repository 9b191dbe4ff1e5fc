/**
 * `1234567` → `"1,234,567"`.
 *
 * @example
 * count(2000); // "2,000"
 */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/**
 * Bytes in the largest unit that keeps a number at least 1: `"1.5 MiB"`.
 *
 * @example
 * bytes(1536); // "1.5 KiB"
 */
export function bytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(v)} B` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`;
}

/**
 * Milliseconds with sensible precision: `"0.042 ms"`, `"12.3 ms"`.
 *
 * @example
 * ms(0.04213); // "0.042 ms"
 */
export function ms(n: number): string {
  return `${n >= 10 ? n.toFixed(1) : n >= 1 ? n.toFixed(2) : n.toFixed(3)} ms`;
}

/**
 * `1` → `"1st"`, `2` → `"2nd"`, `11` → `"11th"`.
 *
 * @example
 * ordinal(3); // "3rd"
 */
export function ordinal(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

/**
 * A count with its noun, singular for one: `"1 object"`, `"4,000 objects"`.
 *
 * @example
 * counted(1, "object"); // "1 object"
 */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${count(n)} ${Math.round(n) === 1 ? noun : plural}`;
}
