import { clearWeakref, TUPLE_ITEMS, WR_CALLBACK, WR_NEXT } from "@heaplab/runtime/internals";
import type { RefcountHeap } from "./refcount-heap";

function listHead(h: RefcountHeap, obj: number): number {
  return h.memory.u32[(obj + h.model.typeOf(obj).weaklistOffset) >>> 2]!;
}

function hasCallback(h: RefcountHeap, wr: number): boolean {
  return h.memory.u32[(wr + WR_CALLBACK) >>> 2] !== 0;
}

/**
 * `PyObject_ClearWeakRefs` (the refcount path, after `__del__`):
 * 1. the callback-less basic reference (first in the list) is cleared;
 * 2. one reference left (3.11, 3.12): it is cleared, then its callback runs if the reference is still
 *    alive;
 * 3. several, or one on 3.13 (`weakrefCallbackTuple: "always"`): a tuple of `2 × count` slots is allocated (a real tuple: it may come from the free list
 *    or count as a GC allocation), every reference is cleared and the live ones are held in it, then
 *    the callbacks run in list order (newest first), then the tuple is dropped.
 * Each callback gets the dead reference (`wr()` is None); then the callback is forgotten.
 */
export function clearWeakRefs(h: RefcountHeap, obj: number): void {
  for (let k = 0; k < 2; k++) {
    const head = listHead(h, obj);
    if (head !== 0 && !hasCallback(h, head)) clearWeakref(h.model, head, true);
  }
  let count = 0;
  for (let wr = listHead(h, obj); wr !== 0; wr = h.memory.u32[(wr + WR_NEXT) >>> 2]!) count++;
  if (count === 0) return;
  if (count === 1 && h.profile.refcount.weakrefCallbackTuple === "several") {
    const wr = listHead(h, obj);
    clearWeakref(h.model, wr, false);
    if (h.refcount(wr) > 0) h.heap.runWeakrefCallback(wr, 0);
    h.memory.u32[(wr + WR_CALLBACK) >>> 2] = 0;
    return;
  }
  const tuple = h.newTuple(2 * count);
  let current = listHead(h, obj);
  for (let i = 0; i < count; i++) {
    const next = h.memory.u32[(current + WR_NEXT) >>> 2]!;
    if (h.refcount(current) > 0) {
      h.incref(current);
      h.memory.u32[(tuple + TUPLE_ITEMS + 16 * i) >>> 2] = current;
      clearWeakref(h.model, current, false);
    } else {
      clearWeakref(h.model, current, true);
    }
    current = next;
  }
  for (let i = 0; i < count; i++) {
    const wr = h.memory.u32[(tuple + TUPLE_ITEMS + 16 * i) >>> 2]!;
    if (wr !== 0 && hasCallback(h, wr)) {
      h.heap.runWeakrefCallback(wr, 0);
      h.memory.u32[(wr + WR_CALLBACK) >>> 2] = 0;
    }
  }
  h.decref(tuple);
}

/** Weak references made during `__del__` are cleared without calling their callbacks (`_PyWeakref_ClearRef`). */
export function clearWeakRefsSilently(h: RefcountHeap, obj: number): void {
  for (let wr = listHead(h, obj); wr !== 0; wr = listHead(h, obj)) clearWeakref(h.model, wr, false);
}
