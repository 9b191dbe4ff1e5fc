/**
 * A handle: a small integer naming a root-table slot that holds an object reference. Handles stay valid
 * while a collector moves objects, because the collector updates the slot. `0` is the handle of `None`
 * and is always valid. Under reference-counting strategies every live handle owns one reference.
 * @example
 * const h: Handle = rt.newInt(1000); rt.intValue(h); // 1000
 */
export type Handle = number;

/**
 * The handle of `None`.
 * @example
 * rt.isNone(NONE); // true: handle 0 is None
 */
export const NONE: Handle = 0;
