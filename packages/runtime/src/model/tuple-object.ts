import { TUPLE_ITEMS } from "./type-info";

/**
 * A tuple, as `Objects/tupleobject.c` keeps it: the items inline, fixed at creation.
 *
 *   +0 type  +8 ob_size  +16 item 0  +24 item 1 …  (8 bytes each)
 *
 * The runtime sets `ob_size` and stores each item through `writeRef` right after the allocation.
 */

/**
 * The address of item `i` of tuple `o` (`0 <= i < ob_size`, checked by the caller).
 * @example
 * mem.u32[tupleItemSlot(t, 0) >>> 2]; // t[0]'s address
 */
export function tupleItemSlot(o: number, i: number): number {
  return o + TUPLE_ITEMS + 8 * i;
}
