import { PyTypeError, PyValueError } from "../errors";

/**
 * The checks every public Runtime method makes on its plain (non-handle) arguments before it changes
 * anything, so a wrong argument is refused with an error naming it and the heap stays as it was.
 * Handles are checked by the handle table itself.
 */

/**
 * How a refused argument is shown in a message: its JavaScript type and a short, one-line value.
 * @example
 * describeValue(0.5); // "0.5"
 * describeValue("x"); // "string \"x\""
 */
export function describeValue(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") {
    const shown = JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
    return `string ${shown}`;
  }
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "function") return "a function";
  return typeof v;
}

/**
 * An integer argument where CPython asks for an index (`lst.pop(i)`, `t[i]`, a slot number): a safe
 * integer, else PyTypeError naming the argument (as `list indices must be integers` does).
 * @example
 * requireIndex("index", 0.5); // throws PyTypeError("index must be an integer, not 0.5")
 */
export function requireIndex(what: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v))
    throw new PyTypeError(`${what} must be an integer, not ${describeValue(v)}`);
  return v;
}

/**
 * A count or size: a non-negative integer (`bytes(n)`), else PyTypeError / PyValueError naming it.
 * @example
 * requireCount("size", -1); // throws PyValueError("size must not be negative, got -1")
 */
export function requireCount(what: string, v: unknown): number {
  requireIndex(what, v);
  if ((v as number) < 0) throw new PyValueError(`${what} must not be negative, got ${v as number}`);
  return v as number;
}

/**
 * A JavaScript number (`float(v)` takes any, NaN and infinities included, as Python's float does).
 * @example
 * requireNumber("value", "1"); // throws PyTypeError
 */
export function requireNumber(what: string, v: unknown): number {
  if (typeof v !== "number") throw new PyTypeError(`${what} must be a number, not ${describeValue(v)}`);
  return v;
}

/**
 * A string argument (a str's value, an attribute name).
 * @example
 * requireString("name", 123); // throws PyTypeError("name must be a string, not 123")
 */
export function requireString(what: string, v: unknown): string {
  if (typeof v !== "string") throw new PyTypeError(`${what} must be a string, not ${describeValue(v)}`);
  return v;
}

/**
 * An array argument (the items of a new list, tuple or set).
 * @example
 * requireArray("items", null); // throws PyTypeError("items must be an array of handles, not null")
 */
export function requireArray<T>(what: string, v: readonly T[]): readonly T[] {
  if (!Array.isArray(v))
    throw new PyTypeError(`${what} must be an array of handles, not ${describeValue(v)}`);
  return v;
}

/**
 * A function argument (a weak-reference callback, a scope's body).
 * @example
 * requireFunction("callback", 1); // throws PyTypeError
 */
export function requireFunction(what: string, v: unknown): void {
  if (typeof v !== "function") throw new PyTypeError(`${what} must be a function, not ${describeValue(v)}`);
}
