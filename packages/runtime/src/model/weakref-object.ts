import type { LinearMemory } from "../memory/linear-memory";
import type { RefStore } from "./ref-store";
import { WR_CALLBACK, WR_HASH, WR_NEXT, WR_OBJECT, WR_PREV } from "./type-info";
import { isBasicRef } from "./weakref-list";

/**
 * A weak reference (`PyWeakReference`):
 *
 *   +0 type  +8 wr_object (weak)  +16 callback id (0: none; the function lives outside the heap)
 *   +24 hash (-1: not computed)   +32 wr_prev  +40 wr_next  (weak links in the referent's list)
 *
 * Every word but the callback id is weak: written through `writeWeakRef`, counted by nobody.
 */

/**
 * Initialises the fresh weak reference `wr` to `target` (whose weak-list head is at `listSlot`) and
 * links it into the target's list the way `weakref.ref` does: a basic reference (no callback) goes
 * first; a reference with a callback goes right after the basic reference, if there is one, else first.
 * @example
 * initWeakref(mem, store, wr, target, target + t.weaklistOffset, callbackId);
 */
export function initWeakref(
  mem: LinearMemory,
  store: RefStore,
  wr: number,
  target: number,
  listSlot: number,
  callbackId: number,
): void {
  mem.u32[(wr + WR_CALLBACK) >>> 2] = callbackId;
  mem.i32[(wr + WR_HASH) >>> 2] = -1;
  mem.i32[(wr + WR_HASH + 4) >>> 2] = -1;
  store.writeWeakRef(wr, wr + WR_OBJECT, target);
  const head = mem.u32[listSlot >>> 2]!;
  const prev = callbackId !== 0 && head !== 0 && isBasicRef(mem, head) ? head : 0;
  if (prev === 0) {
    store.writeWeakRef(wr, wr + WR_NEXT, head);
    if (head !== 0) store.writeWeakRef(head, head + WR_PREV, wr);
    store.writeWeakRef(target, listSlot, wr);
  } else {
    const next = mem.u32[(prev + WR_NEXT) >>> 2]!;
    store.writeWeakRef(wr, wr + WR_PREV, prev);
    store.writeWeakRef(wr, wr + WR_NEXT, next);
    if (next !== 0) store.writeWeakRef(next, next + WR_PREV, wr);
    store.writeWeakRef(prev, prev + WR_NEXT, wr);
  }
}

/**
 * The referent of weak reference `wr`, or 0 (None) once it died.
 * @example
 * weakrefReferent(mem, wr) === 0; // the referent is gone
 */
export function weakrefReferent(mem: LinearMemory, wr: number): number {
  return mem.u32[(wr + WR_OBJECT) >>> 2]!;
}
