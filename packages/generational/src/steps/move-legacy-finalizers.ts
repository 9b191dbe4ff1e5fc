import {
  fromGc,
  GC_PREV,
  K_WEAKREF,
  NEXT_MASK_UNREACHABLE,
  PREV_MASK_FINALIZED,
} from "@heaplab/refcount/internals";
import type { GenerationalCollector } from "../collector";

/**
 * `move_legacy_finalizers` + `move_legacy_finalizer_reachable`: clears NEXT_MASK_UNREACHABLE on every
 * unreachable object, so `unreachable` is a normal list again. Objects with a legacy `tp_del` (and all
 * they reach) would move to `finalizers` and become uncollectable; heaplab types, like every class
 * Python code can define since 3.4, have none, so `finalizers` stays empty.
 * After: no object in `unreachable` has NEXT_MASK_UNREACHABLE; all still have COLLECTING.
 * On the same walk it notes which later steps have work, so they can be skipped when they have none.
 * @returns `pending`: unreachable objects with `__del__` and FINALIZED clear (`finalize_garbage`'s
 * work); `weak`: weak references and objects with a non-empty weak-reference list among them
 * (`handle_weakrefs`' work).
 */
export function moveLegacyFinalizers(
  c: GenerationalCollector,
  unreachable: number,
  _finalizers: number,
): { pending: number; weak: number } {
  const u32 = c.u32;
  const heap = c.heap;
  let pending = 0;
  let weak = 0;
  let g = u32[unreachable >>> 2]!;
  while (g !== unreachable) {
    u32[g >>> 2]! &= ~NEXT_MASK_UNREACHABLE;
    const op = fromGc(g);
    if ((u32[(op + GC_PREV) >>> 2]! & PREV_MASK_FINALIZED) === 0 && heap.hasFinalizer(op)) pending++;
    const off = heap.weaklistOffsetOf(op);
    if ((off >= 0 && u32[(op + off) >>> 2] !== 0) || heap.kindOf(op) === K_WEAKREF) weak++;
    g = u32[g >>> 2]!;
  }
  return { pending, weak };
}
