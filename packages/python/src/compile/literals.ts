import { type IntValue, intValue } from "../objects/py-int";

/**
 * The value of a Python string or bytes literal's text (prefix and quotes included): escapes decoded as
 * the tokenizer does, raw strings kept as written. The grammar finds the literal; this only decodes it.
 *
 * @example
 * decodeString("'a\\n'"); // { value: "a\n", bytes: false }
 */
export function decodeString(text: string): { value: string; bytes: boolean } {
  let i = 0;
  let raw = false;
  let bytes = false;
  while (i < text.length && text[i] !== "'" && text[i] !== '"') {
    const c = text[i]!.toLowerCase();
    if (c === "r") raw = true;
    if (c === "b") bytes = true;
    i++;
  }
  const q = text.startsWith(text[i]!.repeat(3), i) ? 3 : 1;
  const body = text.slice(i + q, text.length - q);
  return { value: raw ? body : decodeEscapes(body), bytes };
}

const SIMPLE: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  0: "\0",
  "\n": "",
};

/** Decodes backslash escapes (`\n`, `\xNN`, `\uNNNN`, `\N` is not supported). */
export function decodeEscapes(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== "\\" || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const e = s[++i]!;
    if (e === "x") {
      out += String.fromCharCode(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === "u") {
      out += String.fromCharCode(Number.parseInt(s.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (e === "U") {
      out += String.fromCodePoint(Number.parseInt(s.slice(i + 1, i + 9), 16));
      i += 8;
    } else if (e in SIMPLE) out += SIMPLE[e];
    else out += `\\${e}`;
  }
  return out;
}

/** The value of a Number literal: an int (as a JS number when it fits) or a float. */
export function decodeNumber(text: string): { int: boolean; value: IntValue } {
  const t = text.replace(/_/g, "").toLowerCase();
  if (!/^0[xob]/.test(t) && /[.e]/.test(t)) return { int: false, value: Number(t) };
  // Int literals are exact at any length (BigInt reads the 0x/0o/0b prefixes as Python does).
  return { int: true, value: intValue(BigInt(t)) };
}

/** Whether CPython interns a string constant: it is made of name characters only. */
export function looksLikeIdentifier(s: string): boolean {
  return /^[A-Za-z0-9_]*$/.test(s);
}
