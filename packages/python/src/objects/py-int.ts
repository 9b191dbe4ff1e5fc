/**
 * Python's int semantics on exact values. A Python int is unbounded; heaplab keeps its value as a JS
 * number while it is a safe integer (the common, fast case) and as a bigint past 2**53, and the heap
 * object stores it in CPython's 30-bit digits either way (`writeInt` in the runtime). Every function
 * here takes and returns that representation: a bigint result that fits is demoted back to a number, so
 * `typeof v === "bigint"` always means "beyond the safe range".
 *
 * @example
 * intValue(2n ** 60n); // 1152921504606846976n (stays a bigint)
 * intValue(2n ** 40n); // 1099511627776 (a number again)
 */
export type IntValue = number | bigint;

/**
 * The canonical representation of an exact integer: a number when it is safe, else a bigint.
 *
 * @example
 * intValue(5n); // 5
 */
export function intValue(v: bigint): IntValue {
  return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Floor division (`//`) of exact integers; `y` is not zero. BigInt division truncates toward zero,
 * Python's floors: the quotient moves down by one when the signs differ and there is a remainder.
 *
 * @example
 * floorDiv(-7n, 2n); // -4n
 */
export function floorDiv(x: bigint, y: bigint): bigint {
  const q = x / y;
  return x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
}

/**
 * Python's `%` on exact integers: the remainder takes the divisor's sign. `y` is not zero.
 *
 * @example
 * floorMod(-7n, 2n); // 1n
 */
export function floorMod(x: bigint, y: bigint): bigint {
  const r = x % y;
  return r !== 0n && r < 0n !== y < 0n ? r + y : r;
}

/** CPython's `_PyHASH_MODULUS` on a 64-bit build: the Mersenne prime 2**61 - 1. */
const HASH_MODULUS = (1n << 61n) - 1n;

/**
 * `hash(n)` for an int as CPython 3.11's `long_hash` computes it: the value reduced modulo 2**61 - 1
 * keeping its sign, and -1 (the C API's error value) becomes -2. Every safe integer is below the
 * modulus, so for those the hash is the value itself.
 *
 * @example
 * intHash(-1); // -2
 * intHash(2n ** 61n); // 1
 */
export function intHash(v: IntValue): IntValue {
  let h: IntValue;
  if (typeof v === "number") h = v;
  else h = intValue(v < 0n ? -(-v % HASH_MODULUS) : v % HASH_MODULUS);
  return h === -1 ? -2 : h;
}

/**
 * `int(text, base)`'s value for digits already checked to be valid in `base` (an optional sign, no
 * underscores): exact at any length. null when a digit is not valid in `base`.
 *
 * @example
 * parseIntExact("-1" + "0".repeat(20), 10); // -100000000000000000000n
 */
export function parseIntExact(text: string, base: number): IntValue | null {
  const negative = text.startsWith("-");
  const digits = text.replace(/^[+-]/, "").toLowerCase();
  if (digits === "") return null;
  const b = BigInt(base);
  let v = 0n;
  for (const c of digits) {
    const d = Number.parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return null;
    v = v * b + BigInt(d);
  }
  return intValue(negative ? -v : v);
}

/** Bits of quotient `trueDiv` computes: more than a double's 53, so one sticky bit rounds correctly. */
const QUOTIENT_BITS = 64;

/**
 * `x / y` on exact integers, correctly rounded to a double as CPython's `long_true_divide` is (dividing
 * the two rounded doubles would round twice). The quotient is taken to 64 bits; a non-zero remainder is
 * kept as a sticky low bit, so the one rounding `Number()` does is to nearest-even on the true value.
 * `y` is not zero; the result is ±Infinity when it is beyond a double's range.
 *
 * @example
 * trueDiv(18014398509481985n, 3n); // 6004799503160662
 */
export function trueDiv(x: bigint, y: bigint): number {
  const negative = x < 0n !== y < 0n;
  const ax = x < 0n ? -x : x;
  const ay = y < 0n ? -y : y;
  if (ax === 0n) return negative ? -0 : 0;
  const shift = QUOTIENT_BITS - (bitLength(ax) - bitLength(ay));
  const num = shift >= 0 ? ax << BigInt(shift) : ax;
  const den = shift >= 0 ? ay : ay << BigInt(-shift);
  const q = num / den;
  const sticky = num % den === 0n ? 0n : 1n;
  // Scaling by 2**-shift in two halves keeps each factor inside a double's exponent range.
  const half = Math.trunc(shift / 2);
  const v = Number(q | sticky) * 2 ** -half * 2 ** -(shift - half);
  return negative ? -v : v;
}

function bitLength(v: bigint): number {
  return v.toString(2).length;
}
