/**
 * A handle: a small integer naming a root-table slot that holds an object reference. Handles stay valid
 * while a collector moves objects, because the collector updates the slot. `0` is the handle of `None`
 * and is always valid. Under reference-counting strategies every live handle owns one reference.
 */
export type Handle = number;

/** The handle of `None`. */
export const NONE: Handle = 0;
