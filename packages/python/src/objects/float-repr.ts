/**
 * `repr(float)` as CPython writes it: the shortest string that round-trips (JavaScript's is the same
 * digits), in exponent form when the decimal exponent is below -4 or at least 16, with `.0` on integral
 * values and `inf`/`nan` spelled Python's way.
 *
 * @example
 * floatRepr(1e16); // "1e+16"
 * floatRepr(2.0);  // "2.0"
 */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -4 || exp >= 16) {
    const [mant, e] = x.toExponential().split("e") as [string, string];
    const n = Number(e);
    return `${mant}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const s = String(x);
  if (s.includes("e")) return x.toFixed(Math.max(0, -exp + 16)).replace(/0+$/, "");
  return s.includes(".") ? s : `${s}.0`;
}
