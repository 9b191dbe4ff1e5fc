import type { LinearMemory } from "../memory/linear-memory";
import { OB_SIZE, TUPLE_ITEMS } from "./type-info";

/**
 * A tuple, as `Objects/tupleobject.c` keeps it: the items inline, fixed at creation.
 *
 *   +0 type  +8 ob_size  +16 item 0  +24 item 1 …  (8 bytes each)
 *
 * The runtime sets `ob_size` and stores each item through `writeRef` right after the allocation.
 */

/**
 * Sets a fresh tuple's length (`PyTuple_New(n)`), before its items are stored: `n` item words were
 * allocated and zeroed with the body, so every slot up to `ob_size` already reads as None.
 * @example
 * tupleInitSize(mem, t, 2); // then writeRef(t, tupleItemSlot(t, i), item) for i < 2
 */
export function tupleInitSize(mem: LinearMemory, o: number, n: number): void {
  mem.u32[(o + OB_SIZE) >>> 2] = n;
}

/**
 * The address of item `i` of tuple `o` (`0 <= i < ob_size`, checked by the caller).
 * @example
 * mem.u32[tupleItemSlot(t, 0) >>> 2]; // t[0]'s address
 */
export function tupleItemSlot(o: number, i: number): number {
  return o + TUPLE_ITEMS + 8 * i;
}
