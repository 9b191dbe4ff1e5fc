import { GC_NEXT, GC_PREV, PREV_MASK_COLLECTING } from "@heaplab/refcount";
import { clearWeakref, WR_CALLBACK } from "@heaplab/runtime/internals";
import { type GenerationalCollector, HEAD_WRCB } from "../collector";
import { listInit, listIsEmpty, listMove } from "../gc-list";
import { fromGc, K_WEAKREF } from "./step-support";

/**
 * `handle_weakrefs`: every weak reference to an unreachable object is cleared before any callback or
 * finalizer runs (a weak reference that is itself unreachable is cleared too, and never fires). A
 * cleared reference with a callback that is not itself trash is held (INCREF) in `wrcb_to_call`; then
 * the callbacks run in that order, each reference is dropped, and a survivor moves to `old`.
 * `c.weakrefCallbacksRun` receives how many callbacks ran.
 * @returns the references that died right after their callback (`num_freed`, counted as collected).
 */
export function handleWeakrefs(
  c: GenerationalCollector,
  unreachable: number,
  old: number,
  gcSeq: number,
): number {
  const heap = c.heap;
  const model = heap.model;
  const wrcb = c.head(HEAD_WRCB);
  listInit(c.u32, wrcb);
  for (let g = c.u32[unreachable >>> 2]!; g !== unreachable; ) {
    const op = fromGc(g);
    const next = c.u32[g >>> 2]!;
    if (heap.kindOf(op) === K_WEAKREF) clearWeakref(model, op, false);
    const off = heap.weaklistOffsetOf(op);
    if (off >= 0) {
      for (let wr = c.u32[(op + off) >>> 2]!; wr !== 0; wr = c.u32[(op + off) >>> 2]!) {
        clearWeakref(model, wr, false);
        if (c.u32[(wr + WR_CALLBACK) >>> 2] === 0) continue;
        if ((c.u32[(wr + GC_PREV) >>> 2]! & PREV_MASK_COLLECTING) !== 0) continue;
        heap.incref(wr);
        listMove(c.u32, wr + GC_NEXT, wrcb);
      }
    }
    g = next;
  }
  let freed = 0;
  let called = 0;
  while (!listIsEmpty(c.u32, wrcb)) {
    called++;
    const g = c.u32[wrcb >>> 2]!;
    const wr = fromGc(g);
    heap.heap.runWeakrefCallback(wr, gcSeq);
    heap.decref(wr);
    if (c.u32[wrcb >>> 2] === g) listMove(c.u32, g, old);
    else freed++;
  }
  c.weakrefCallbacksRun = called;
  return freed;
}
