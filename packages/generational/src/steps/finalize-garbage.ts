import { GC_PREV, PREV_MASK_FINALIZED } from "@heaplab/refcount/internals";
import { type GenerationalCollector, HEAD_SEEN } from "../collector";
import { listInit, listIsEmpty, listMerge, listMove } from "../gc-list";
import { fromGc } from "./step-support";

/**
 * `finalize_garbage` (PEP 442): repeatedly takes the head of `collectable` into `seen`; if its
 * FINALIZED bit is clear and it has `__del__`, sets the bit and calls it (holding a reference). Objects
 * freed by reference counting meanwhile simply leave the lists. After: `seen` is merged back, every
 * survivor has been finalized at most once in its life.
 * @returns the number of finalizers called.
 */
export function finalizeGarbage(c: GenerationalCollector, collectable: number, gcSeq: number): number {
  const heap = c.heap;
  const seen = c.head(HEAD_SEEN);
  listInit(c.u32, seen);
  let called = 0;
  while (!listIsEmpty(c.u32, collectable)) {
    const g = c.u32[collectable >>> 2]!;
    const op = fromGc(g);
    listMove(c.u32, g, seen);
    const p = (op + GC_PREV) >>> 2;
    if ((c.u32[p]! & PREV_MASK_FINALIZED) === 0 && heap.hasFinalizer(op)) {
      c.u32[p]! |= PREV_MASK_FINALIZED;
      called++;
      heap.heap.runFinalizer(op, gcSeq);
    }
  }
  listMerge(c.u32, seen, collectable);
  return called;
}
