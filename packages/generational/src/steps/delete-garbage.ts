import { PREV_MASK_COLLECTING, tpClear } from "@heaplab/refcount/internals";
import { GcDebug } from "@heaplab/runtime";
import type { GenerationalCollector } from "../collector";
import { listIsEmpty, listMove } from "../gc-list";
import { fromGc } from "./step-support";

/**
 * `delete_garbage`: takes the head of `collectable` each time. Under DEBUG_SAVEALL it is appended to
 * `gc.garbage` (a strong reference); otherwise `tp_clear` breaks its references while a temporary
 * reference holds it. If it is still the head afterwards it is alive: COLLECTING is cleared and it
 * moves to `old`. The dead are freed by the reference-counting cascade `tp_clear` started.
 */
export function deleteGarbage(c: GenerationalCollector, collectable: number, old: number): void {
  const heap = c.heap;
  while (!listIsEmpty(c.u32, collectable)) {
    const g = c.u32[collectable >>> 2]!;
    const op = fromGc(g);
    if ((c.debug & GcDebug.SAVEALL) !== 0) {
      heap.incref(op);
      c.garbage.push(op);
    } else {
      heap.incref(op);
      tpClear(heap, op);
      heap.decref(op);
    }
    if (c.u32[collectable >>> 2] === g) {
      c.u32[(g + 8) >>> 2]! &= ~PREV_MASK_COLLECTING;
      listMove(c.u32, g, old);
    }
  }
}
