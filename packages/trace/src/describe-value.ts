/** Characters of a value shown in a message before it is cut with `…`. */
const SHOWN_CHARS = 60;

/**
 * A JSON value as a message shows it: one line, at most about 60 characters, exact (a bigint prints
 * every digit it has, up to the cut), with every control character escaped (C0, DEL, C1, the line and
 * paragraph separators), so a hostile trace cannot write raw bytes to a terminal. Nested arrays and
 * objects are shown two levels deep, so a value nested a million deep costs no recursion.
 * @example
 * describeValue(12345678901234567891n); // "12345678901234567891"
 * describeValue("a\u001b[2J"); // "\"a\\u001b[2J\""
 */
export function describeValue(v: unknown): string {
  const s = show(v, 2);
  return s.length > SHOWN_CHARS ? `${s.slice(0, SHOWN_CHARS)}…` : s;
}

function show(v: unknown, depth: number): string {
  if (v === null || typeof v === "boolean") return String(v);
  if (typeof v === "number") return String(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") return quote(v.length > SHOWN_CHARS ? `${v.slice(0, SHOWN_CHARS)}…` : v);
  if (Array.isArray(v)) {
    if (depth === 0) return v.length === 0 ? "[]" : "[…]";
    const items = v.slice(0, 8).map((x) => show(x, depth - 1));
    return `[${items.join(", ")}${v.length > 8 ? ", …" : ""}]`;
  }
  if (typeof v === "object") {
    if (depth === 0) return "{…}";
    const entries = Object.entries(v as object).slice(0, 4);
    return `{${entries.map(([k, x]) => `${quote(k)}: ${show(x, depth - 1)}`).join(", ")}}`;
  }
  return quote(String(v));
}

/** JSON quoting, plus escapes for the control characters JSON leaves raw (DEL, C1, U+2028, U+2029). */
function quote(s: string): string {
  return escapeControls(JSON.stringify(s));
}

/**
 * `s` with every control character (C0, DEL, C1, U+2028, U+2029) written as a `\uXXXX` escape, so it
 * prints on one line and sends no raw control bytes to a terminal.
 * @example
 * escapeControls("no such file: a\nb"); // "no such file: a\\u000ab"
 */
export function escapeControls(s: string): string {
  return s.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
