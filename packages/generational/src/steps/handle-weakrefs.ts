import { GC_NEXT, GC_PREV, PREV_MASK_COLLECTING } from "@heaplab/refcount/internals";
import { clearWeakref, WR_CALLBACK } from "@heaplab/runtime/internals";
import { type GenerationalCollector, HEAD_WRCB } from "../collector";
import { listInit, listIsEmpty, listMove } from "../gc-list";
import { fromGc, K_WEAKREF } from "./step-support";

/**
 * `handle_weakrefs`: no weak reference may lead to the trash once Python code can run, so every weak
 * reference to an unreachable object is cleared first, all of them, before any callback or finalizer is
 * called; a callback run earlier could resurrect an unreachable object through a reference not yet
 * cleared. Then the callbacks that must run are called.
 *
 * Which must run: a weak reference that is itself in the trash never fires. Its referent and it die
 * together, so pretending the reference died first is allowed (whoever wants the callback must keep
 * the reference alive longer than its referent), and calling it could be unsafe: the callback may reach
 * other trash. A reachable weak reference with a callback has outlived its referent, so its callback
 * runs; it was a root of this collection, and so was its callback, so nothing the callback reaches is
 * trash.
 *
 * A weak reference that is itself unreachable is cleared as well (3.9+, bpo-38006): a container
 * without `tp_traverse` can hide a reference, so its referent may live outside the unreachable set and
 * die as the cycles are broken; left set, the callback could then run during `delete_garbage` and see
 * objects already cleared.
 *
 * Each callback to call is held by a new reference (INCREF) while it waits in `wrcb_to_call`, since an
 * earlier callback may drop the last other reference to it. After its call that reference is dropped;
 * a reference that survives moves to `old`, one that dies then was never counted as trash, so it is
 * counted in the return value (the classic case: a reachable weak-value dictionary whose callback
 * removes the entry that held the reference).
 * @returns `freed`: references that died right after their callback (`num_freed`, counted as
 * collected); `called`: how many callbacks ran (so `handle_resurrected_objects` knows code ran).
 */
export function handleWeakrefs(
  c: GenerationalCollector,
  unreachable: number,
  old: number,
  gcSeq: number,
): { freed: number; called: number } {
  const heap = c.heap;
  const model = heap.model;
  const wrcb = c.head(HEAD_WRCB);
  listInit(c.u32, wrcb);
  // First pass: clear, and pick the callbacks to call. Nothing runs yet.
  for (let g = c.u32[unreachable >>> 2]!; g !== unreachable; ) {
    const op = fromGc(g);
    const next = c.u32[g >>> 2]!;
    if (heap.kindOf(op) === K_WEAKREF) clearWeakref(model, op, false);
    const off = heap.weaklistOffsetOf(op);
    if (off >= 0) {
      // Clearing unlinks the reference from op's list (and leaves its callback pointer), so the head
      // is read again until the list is empty.
      for (let wr = c.u32[(op + off) >>> 2]!; wr !== 0; wr = c.u32[(op + off) >>> 2]!) {
        clearWeakref(model, wr, false);
        if (c.u32[(wr + WR_CALLBACK) >>> 2] === 0) continue;
        // the reference is trash too: its callback never runs
        if ((c.u32[(wr + GC_PREV) >>> 2]! & PREV_MASK_COLLECTING) !== 0) continue;
        heap.incref(wr);
        listMove(c.u32, wr + GC_NEXT, wrcb);
      }
    }
    g = next;
  }
  // Second pass: every callback is safe to call now, since none can reach the trash.
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
  return { freed, called };
}
