import type { GenerationalCollector } from "../collector";
import { TUPLE_ITEMS_OFFSET } from "./step-support";

/**
 * `untrack_tuples` runs in every collection over the survivors in list order: an exact tuple whose
 * items are all "not may-be-tracked" is untracked. heaplab folds that walk into the collection's first
 * `move_unreachable` (`move-unreachable.ts`), which meets every survivor once in that same order; this
 * file holds the per-tuple test.
 *
 * `_PyTuple_MaybeUntrack`: true when no item may be tracked (only atomic objects and untracked tuples).
 *
 * @example
 * if (heap.kindOf(op) === K_TUPLE && tupleMayUntrack(c, op)) c.untrack(op);
 */
export function tupleMayUntrack(c: GenerationalCollector, op: number): boolean {
  const u32 = c.u32;
  const n = u32[(op + 8) >>> 2]!;
  for (let i = 0; i < n; i++) {
    const item = u32[(op + TUPLE_ITEMS_OFFSET + 8 * i) >>> 2]!;
    if (c.mayBeTracked(item)) return false;
  }
  return true;
}
