import { GC_NEXT } from "@heaplab/refcount/internals";

/**
 * The incremental collector's space bit (CPython 3.14.0–3.14.4, `_PyGC_NEXT_MASK_OLD_SPACE_1`): which
 * of the two old spaces an object belongs to, 0 or 1. CPython keeps it in bit 0 of `_gc_next` (and
 * moves NEXT_MASK_UNREACHABLE to bit 1); heaplab's `_gc_next` is an 8-byte word whose low half holds the
 * link, so the bit lives in the word's high half. That keeps every shared list function and step
 * (`gc-list.ts`, `move-unreachable.ts`) unchanged: they read and write the low half only.
 *
 * The invariant the collector keeps (CPython's `validate_spaces`): young objects carry the space that
 * is *not* visited, each old space's objects carry its own number, the permanent generation carries
 * the visited space. So "already visited in this scavenge" is one word compare.
 *
 * @example
 * setOldSpace(u32, g, c.visitedSpace); // g now counts as visited
 * oldSpaceOf(u32, g) === c.visitedSpace; // true
 */
export function oldSpaceOf(u32: Uint32Array, g: number): number {
  return u32[(g + 4) >>> 2]!;
}

/** `gc_set_old_space`. */
export function setOldSpace(u32: Uint32Array, g: number, space: number): void {
  u32[(g + 4) >>> 2] = space;
}

/** `gc_flip_old_space`. */
export function flipOldSpace(u32: Uint32Array, g: number): void {
  u32[(g + 4) >>> 2]! ^= 1;
}

/** The space word's offset from an object's address (for the verifier). */
export const OLD_SPACE = GC_NEXT + 4;

/**
 * `gc_list_set_space`: every object of `list` gets `space`.
 * @returns the list's size (CPython uses the walk to count it).
 */
export function listSetSpace(u32: Uint32Array, list: number, space: number): number {
  let n = 0;
  for (let g = u32[list >>> 2]!; g !== list; g = u32[g >>> 2]!) {
    u32[(g + 4) >>> 2] = space;
    n++;
  }
  return n;
}
