import type { LinearMemory } from "../memory/linear-memory";
import {
  BYTES_DATA,
  BYTES_HASH,
  FLOAT_VALUE,
  INT_DIGITS,
  OB_SIZE,
  STR_ASCII_DATA,
  STR_COMPACT_DATA,
  STR_HASH,
  STR_LENGTH,
  STR_STATE,
} from "./type-info";

/** CPython's `PyLong_SHIFT`: ints are stored in 30-bit digits. */
export const DIGIT_BITS = 30;
const DIGIT_BASE = 2 ** DIGIT_BITS;

/**
 * Number of 30-bit digits CPython uses for `v` (at least 1 for the size: `sys.getsizeof(0) == 28` on
 * 3.11, 28 + 4 per digit after the first: `sys.getsizeof(2**30) == 32`). A bigint gives ints past 2^53
 * exactly.
 */
export function intDigits(v: number | bigint): number {
  let n = 0;
  if (typeof v === "bigint") {
    for (let a = v < 0n ? -v : v; a > 0n; a >>= BIG_DIGIT_BITS) n++;
    return n;
  }
  for (let a = Math.abs(v); a >= 1; a = Math.floor(a / DIGIT_BASE)) n++;
  return n;
}

const BIG_DIGIT_BITS = BigInt(DIGIT_BITS);
const BIG_DIGIT_MASK = BigInt(DIGIT_BASE - 1);

/** Body bytes of an int with value `v`: 16 + 4 per digit, at least one digit. */
export function intBodyBytes(v: number | bigint): number {
  return INT_DIGITS + 4 * Math.max(1, intDigits(v));
}

/**
 * Writes `v` into an int's body (digits little-endian, sign in `ob_size`). `v` is a safe integer or a
 * bigint.
 */
export function writeInt(mem: LinearMemory, obj: number, v: number | bigint): void {
  const n = intDigits(v);
  const negative = v < 0;
  mem.i32[(obj + OB_SIZE) >>> 2] = negative ? -n : n;
  const digit = (obj + INT_DIGITS) >>> 2;
  if (typeof v === "bigint") {
    let a = negative ? -v : v;
    for (let i = 0; i < n; i++, a >>= BIG_DIGIT_BITS) mem.u32[digit + i] = Number(a & BIG_DIGIT_MASK);
    return;
  }
  let a = Math.abs(v);
  for (let i = 0; i < n; i++, a = Math.floor(a / DIGIT_BASE)) mem.u32[digit + i] = a % DIGIT_BASE;
}

/** Reads an int's value as a number (rounded past 2^53; `readIntExact` keeps every digit). */
export function readInt(mem: LinearMemory, obj: number): number {
  const size = mem.i32[(obj + OB_SIZE) >>> 2]!;
  const n = Math.abs(size);
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * DIGIT_BASE + mem.u32[(obj + INT_DIGITS + 4 * i) >>> 2]!;
  return size < 0 ? -v : v;
}

/** Reads an int's value exactly: a number when it is a safe integer, else a bigint. */
export function readIntExact(mem: LinearMemory, obj: number): number | bigint {
  const v = readInt(mem, obj);
  if (Number.isSafeInteger(v)) return v;
  const size = mem.i32[(obj + OB_SIZE) >>> 2]!;
  let big = 0n;
  for (let i = Math.abs(size) - 1; i >= 0; i--)
    big = (big << BIG_DIGIT_BITS) | BigInt(mem.u32[(obj + INT_DIGITS + 4 * i) >>> 2]!);
  return size < 0 ? -big : big;
}

/**
 * Writes a float's value (`PyFloat_FromDouble`): any number, NaN and the infinities included.
 * @example
 * writeFloat(mem, obj, 0.5); readFloat(mem, obj); // 0.5
 */
export function writeFloat(mem: LinearMemory, obj: number, v: number): void {
  mem.f64[(obj + FLOAT_VALUE) >>> 3] = v;
}

/** Reads a float's value. */
export function readFloat(mem: LinearMemory, obj: number): number {
  return mem.f64[(obj + FLOAT_VALUE) >>> 3]!;
}

/** CPython's string kinds: the widest code point decides bytes per character. */
export function strKind(s: string): { ascii: boolean; charSize: 1 | 2 | 4; length: number } {
  let max = 0;
  let length = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c > max) max = c;
    length++;
  }
  return { ascii: max < 128, charSize: max < 256 ? 1 : max < 65536 ? 2 : 4, length };
}

/** Body bytes of a compact str: `sys.getsizeof('') == 49`, `'a'` 50, `'é'` 74. */
export function strBodyBytes(s: string): number {
  const k = strKind(s);
  return k.ascii ? STR_ASCII_DATA + k.length + 1 : STR_COMPACT_DATA + (k.length + 1) * k.charSize;
}

/** Writes a str's body: length, hash (-1: not computed), state bits, code points. */
export function writeStr(mem: LinearMemory, obj: number, s: string): void {
  const k = strKind(s);
  mem.u32[(obj + STR_LENGTH) >>> 2] = k.length;
  mem.i32[(obj + STR_HASH) >>> 2] = -1;
  mem.i32[(obj + STR_HASH + 4) >>> 2] = -1;
  // state: bit 0 ascii, bits 1-3 kind (1, 2, 4), bit 5 compact, bits 6-7 interned.
  mem.u32[(obj + STR_STATE) >>> 2] = (k.ascii ? 1 : 0) | (k.charSize << 1) | 32;
  const data = obj + (k.ascii ? STR_ASCII_DATA : STR_COMPACT_DATA);
  let i = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (k.charSize === 1) mem.u8[data + i] = c;
    else if (k.charSize === 2) {
      mem.u8[data + 2 * i] = c & 0xff;
      mem.u8[data + 2 * i + 1] = c >>> 8;
    } else mem.u32[(data + 4 * i) >>> 2] = c; // data is 8-aligned (64) for UCS4
    i++;
  }
}

/** Code units decoded per `String.fromCharCode` call: far below V8's argument limit. */
const DECODE_CHUNK = 8192;

/**
 * Reads a str's value: the character data is decoded in chunks of typed-array views (no string rebuilt
 * a character at a time, which made reading long strings quadratic in memory churn).
 */
export function readStr(mem: LinearMemory, obj: number): string {
  const n = mem.u32[(obj + STR_LENGTH) >>> 2]!;
  const state = mem.u32[(obj + STR_STATE) >>> 2]!;
  const ascii = (state & 1) !== 0;
  const charSize = (state >>> 1) & 7;
  const data = obj + (ascii ? STR_ASCII_DATA : STR_COMPACT_DATA);
  const parts: string[] = [];
  for (let i = 0; i < n; i += DECODE_CHUNK) {
    const m = Math.min(DECODE_CHUNK, n - i);
    if (charSize === 1)
      parts.push(
        String.fromCharCode.apply(null, mem.u8.subarray(data + i, data + i + m) as unknown as number[]),
      );
    else if (charSize === 2) {
      const units = new Uint16Array(m);
      for (let k = 0; k < m; k++)
        units[k] = mem.u8[data + 2 * (i + k)]! | (mem.u8[data + 2 * (i + k) + 1]! << 8);
      parts.push(String.fromCharCode.apply(null, units as unknown as number[]));
    } else
      parts.push(
        String.fromCodePoint.apply(
          null,
          mem.u32.subarray((data >>> 2) + i, (data >>> 2) + i + m) as unknown as number[],
        ),
      );
  }
  return parts.length === 1 ? parts[0]! : parts.join("");
}

/** Bytes of a str's data region (for body size): length, state. */
export function strBodyBytesAt(mem: LinearMemory, obj: number): number {
  const n = mem.u32[(obj + STR_LENGTH) >>> 2]!;
  const state = mem.u32[(obj + STR_STATE) >>> 2]!;
  const ascii = (state & 1) !== 0;
  const charSize = (state >>> 1) & 7;
  return ascii ? STR_ASCII_DATA + n + 1 : STR_COMPACT_DATA + (n + 1) * charSize;
}

/** A 32-bit string hash (FNV-1a over code points); CPython's SipHash is seeded per process, so no value is "right". */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Writes bytes content. */
export function writeBytes(mem: LinearMemory, obj: number, data: Uint8Array): void {
  mem.u32[(obj + OB_SIZE) >>> 2] = data.length;
  mem.i32[(obj + BYTES_HASH) >>> 2] = -1;
  mem.i32[(obj + BYTES_HASH + 4) >>> 2] = -1;
  mem.u8.set(data, obj + BYTES_DATA);
}
