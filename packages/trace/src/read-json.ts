import { describeValue } from "./describe-value";
import { TraceError } from "./trace-error";
import type { TraceLimits } from "./trace-limits";

/** An array or object being filled, with the key its next value goes under (objects only). */
interface Open {
  value: unknown[] | Record<string, unknown>;
  key: string | null;
  /** Values put so far (an object's closing brace may not follow a comma). */
  n: number;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
/** A run of string characters that needs no decoding: stops at a quote, a backslash or a control character. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids raw control characters in strings; this finds them.
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/**
 * Parses JSON text as a trace needs it: integers beyond 2^53 come back as exact bigints (`JSON.parse`
 * rounds them), strings are sliced from the text in runs (never rebuilt a character at a time) and
 * bounded by `limits.maxStringChars`, ints by `limits.maxIntDigits`, and nesting costs an explicit stack,
 * not JS frames.
 * @throws TraceError "not valid JSON: …" with the line and column, or for a string or int over its limit.
 * @example
 * readJson('{"ops": [["int", 0, 12345678901234567891]]}', DEFAULT_TRACE_LIMITS); // the int as 12345678901234567891n
 */
export function readJson(text: string, limits: TraceLimits): unknown {
  let pos = 0;
  const stack: Open[] = [];
  let result: unknown;
  let done = false;

  const fail = (what: string): never => {
    let line = 1;
    let col = 1;
    for (let i = 0; i < pos && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        col = 1;
      } else col++;
    }
    throw new TraceError(`not valid JSON: ${what} at line ${line} column ${col}`, -1);
  };
  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else return;
    }
  };
  const here = () => (pos < text.length ? `${describeValue(text[pos])}` : "the end of the text");

  /** Hands a finished value to the innermost open container, or makes it the result. */
  const put = (v: unknown) => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      result = v;
      done = true;
    } else if (Array.isArray(top.value)) top.value.push(v);
    else {
      top.value[top.key!] = v;
      top.key = null;
    }
    if (top !== undefined) top.n++;
  };

  const readString = (): string => {
    pos++; // the opening quote
    let out = "";
    for (;;) {
      PLAIN_RUN.lastIndex = pos;
      PLAIN_RUN.test(text);
      if (PLAIN_RUN.lastIndex > pos) {
        out += text.slice(pos, PLAIN_RUN.lastIndex);
        pos = PLAIN_RUN.lastIndex;
      }
      if (out.length > limits.maxStringChars)
        throw new TraceError(`a string is longer than ${limits.maxStringChars} characters`, -1);
      const c = text[pos];
      if (c === '"') {
        pos++;
        return out;
      }
      if (c !== "\\") fail(c === undefined ? "unterminated string" : "control character in a string");
      const e = text[pos + 1];
      if (e === "u") {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("bad \\u escape");
        out += String.fromCharCode(Number.parseInt(hex, 16));
        pos += 6;
      } else {
        const ch = e === undefined ? undefined : ESCAPES[e];
        if (ch === undefined) fail("bad escape");
        out += ch;
        pos += 2;
      }
    }
  };

  const readNumber = (): number | bigint => {
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m === null) return fail(`unexpected ${here()}`);
    pos = NUMBER.lastIndex;
    const literal = m[0];
    if (m[1] !== undefined || m[2] !== undefined) return Number(literal);
    const digits = literal.length - (literal[0] === "-" ? 1 : 0);
    if (digits > limits.maxIntDigits)
      throw new TraceError(`an int has more than ${limits.maxIntDigits} digits`, -1);
    const v = Number(literal);
    return Number.isSafeInteger(v) ? v : BigInt(literal);
  };

  skipSpace();
  while (!done) {
    skipSpace();
    const top = stack[stack.length - 1];
    // Inside an object, a value is preceded by its key and a colon.
    if (top !== undefined && !Array.isArray(top.value) && top.key === null) {
      if (text[pos] === "}" && top.n === 0) {
        pos++;
        stack.pop();
        put(top.value);
        afterValue();
        continue;
      }
      if (text[pos] !== '"') fail(`expected a key, found ${here()}`);
      top.key = readString();
      skipSpace();
      if (text[pos] !== ":") fail(`expected ':', found ${here()}`);
      pos++;
      skipSpace();
    }
    const c = text[pos];
    if (c === "[") {
      pos++;
      skipSpace();
      if (text[pos] === "]") {
        pos++;
        put([]);
        afterValue();
      } else stack.push({ value: [], key: null, n: 0 });
      continue;
    }
    if (c === "{") {
      pos++;
      // No prototype: a "__proto__" key is an ordinary key, as in JSON.parse.
      stack.push({ value: Object.create(null) as Record<string, unknown>, key: null, n: 0 });
      continue;
    }
    if (c === '"') put(readString());
    else if (text.startsWith("true", pos)) {
      pos += 4;
      put(true);
    } else if (text.startsWith("false", pos)) {
      pos += 5;
      put(false);
    } else if (text.startsWith("null", pos)) {
      pos += 4;
      put(null);
    } else put(readNumber());
    afterValue();
  }
  skipSpace();
  if (pos < text.length) fail(`unexpected ${here()} after the JSON value`);
  return result;

  /** After a value inside a container: a comma (another value follows) or the container's close. */
  function afterValue(): void {
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) return;
      skipSpace();
      const c = text[pos];
      if (c === ",") {
        pos++;
        return;
      }
      const close = Array.isArray(top.value) ? "]" : "}";
      if (c !== close) fail(`expected ',' or '${close}', found ${here()}`);
      pos++;
      stack.pop();
      put(top.value);
    }
  }
}
