import type { Interp } from "./interp";
import { formatNumber } from "./ops";

/**
 * Pads a text as a format spec's `[[fill]align][width]` says (strings align left by default).
 *
 * @example
 * formatValue("ab", ">4"); // "  ab"
 */
export function formatValue(s: string, spec: string): string {
  const m = /^(?:(.)?([<>^]))?(\d+)?(?:\.(\d+))?s?$/.exec(spec);
  if (m === null || spec === "") return s;
  const [, fill = " ", align = "<", width, prec] = m;
  const t = prec === undefined ? s : s.slice(0, Number(prec));
  const w = width === undefined ? 0 : Number(width);
  if (t.length >= w) return t;
  const pad = w - t.length;
  if (align === ">") return fill.repeat(pad) + t;
  if (align === "^") return fill.repeat(pad >> 1) + t + fill.repeat(pad - (pad >> 1));
  return t + fill.repeat(pad);
}

/**
 * `fmt % args`: `%s`, `%r`, `%d`, `%i`, `%f`, `%x`, `%%` with flags, width and precision.
 *
 * @example
 * percentFormat(ip, "c%d", three); // "c3"
 */
export function percentFormat(ip: Interp, fmt: string, args: number): string {
  const values = ip.kind(args) === "tuple" ? ip.seqItems(args) : [ip.dup(args)];
  let k = 0;
  try {
    const out = fmt.replace(
      /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdirfFxXeEgGc%])/g,
      (_m, flags, width, prec, type) => {
        if (type === "%") return "%";
        const v = values[k++];
        if (v === undefined) ip.raise("TypeError", "not enough arguments for format string");
        let body: string;
        if (type === "s") body = ip.str(v);
        else if (type === "r") body = ip.repr(v);
        else if (type === "c") body = ip.kind(v) === "str" ? ip.strOf(v) : String.fromCharCode(ip.intOf(v));
        else {
          const n = ip.numExact(v);
          if (n === null)
            ip.raise("TypeError", `%${type} format: a real number is required, not ${ip.typeName(v)}`);
          const t = type === "i" || type === "d" ? "d" : type;
          const num = typeof n === "bigint" ? n : t === "d" ? Math.trunc(n) : n;
          body = formatNumber(
            num,
            `${flags.includes("+") ? "+" : ""}${prec === undefined ? "" : `.${prec}`}${t}`,
            t !== "d",
          );
        }
        const w = width === undefined ? 0 : Number(width);
        if (flags.includes("-")) return body.padEnd(w);
        return flags.includes("0") && type !== "s" ? body.padStart(w, "0") : body.padStart(w);
      },
    );
    if (k < values.length) ip.raise("TypeError", "not all arguments converted during string formatting");
    return out;
  } finally {
    for (const v of values) ip.rel(v);
  }
}
