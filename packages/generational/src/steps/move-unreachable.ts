import {
  fromGc,
  GC_NEXT,
  GC_PREV,
  K_DICT,
  K_TUPLE,
  NEXT_MASK_UNREACHABLE,
  PREV_FLAGS,
  PREV_MASK_COLLECTING,
  PREV_MASK_FINALIZED,
  PREV_SHIFT,
  type RefcountHeap,
  TT_KIND,
  TT_STRIDE,
} from "@heaplab/refcount/internals";
import type { SlotVisitor } from "@heaplab/runtime";
import type { GenerationalCollector } from "../collector";
import { listAppend, setPrev } from "../gc-list";
import { isGcIn, ReferentSpan, referentSpan } from "../referents";
import { tupleMayUntrack } from "./untrack-tuples";

/**
 * `visit_reachable`: a COLLECTING referent is reachable, because a reachable object refers to it. If
 * `move_unreachable` already put it in the unreachable list (it was scanned before any reachable
 * object pointed at it), it goes back to the tail of `young` with `gc_refs = 1`, so the scan meets it
 * again and visits its referents in turn; if it is still ahead in `young` with `gc_refs == 0`, it gets
 * `gc_refs = 1` and is scanned as reachable when the scan gets there. A referent outside the collected
 * generations (COLLECTING clear) is not this collection's business.
 */
function visitReachable(rows: Int32Array, u32: Uint32Array, op: number, young: number): void {
  if (!isGcIn(rows, u32, op)) return;
  const g = op + GC_NEXT;
  const prevWord = u32[(op + GC_PREV) >>> 2]!;
  if ((prevWord & PREV_MASK_COLLECTING) === 0) return;
  const next = u32[g >>> 2]!;
  if ((next & NEXT_MASK_UNREACHABLE) !== 0) {
    // unreachable is doubly linked with the flag in every _gc_next: unlink, keeping the flag
    const prev = prevWord & ~PREV_FLAGS;
    const nxt = next & ~NEXT_MASK_UNREACHABLE;
    u32[prev >>> 2] = next; // copies NEXT_MASK_UNREACHABLE
    setPrev(u32, nxt, prev);
    listAppend(u32, g, young);
    const p = (g + 8) >>> 2;
    u32[p] = (u32[p]! & PREV_FLAGS) | (1 << PREV_SHIFT);
  } else if (prevWord >>> PREV_SHIFT === 0) {
    u32[(g + 8) >>> 2] = (prevWord & PREV_FLAGS) | (1 << PREV_SHIFT);
  }
}

/** `visit_reachable` as a visitor, for the containers `referentSpan` leaves to the general scan. */
class VisitReachable implements SlotVisitor {
  young = 0;
  constructor(private readonly heap: RefcountHeap) {}
  visit(slot: number): void {
    const u32 = this.heap.memory.u32;
    visitReachable(this.heap.typeTable.rows, u32, u32[slot >>> 2]!, this.young);
  }
}

const span = new ReferentSpan();

const visitors = new WeakMap<RefcountHeap, VisitReachable>();

/** What `move_unreachable` counted on its walk, so no later step walks a list only to size it. */
export interface MoveCounts {
  /** Objects found reachable (left in `young`, or untracked there). */
  reachable: number;
  /** Reachable objects still in `young`: `reachable` minus the tuples `untrack_tuples` dropped. */
  survivors: number;
  /** Dicts among the reachable (`untrack_dicts` has work only if there are some). */
  dicts: number;
}

/**
 * `move_unreachable`: scans `young` left to right. An object with `gc_refs > 0` is reachable: its
 * referents are made reachable too, its `_gc_prev` becomes a pointer again and COLLECTING is cleared.
 * An object with `gc_refs == 0` moves, tentatively, to the tail of `unreachable` with
 * NEXT_MASK_UNREACHABLE set: nothing scanned so far reaches it, but something later in `young` may,
 * and then `visit_reachable` moves it back to the tail of `young`, where the scan meets it again.
 * After: `young` is a proper list of reachable objects (COLLECTING clear); `unreachable` holds the
 * rest (COLLECTING and NEXT_MASK_UNREACHABLE set). A chain created A, B, C ends up C, B, A.
 *
 * While it runs `young` is singly linked: `_gc_prev` holds `gc_refs`, not a pointer, and is rebuilt
 * as the scan passes (`prev` is the last object kept). The NEXT_MASK_UNREACHABLE flag lets
 * `visit_reachable` tell an object already moved from one still ahead, without a list search.
 *
 * With `untrackTuples` set (the collection's first `deduce_unreachable`), `untrack_tuples` is folded
 * in: each reachable object is met exactly once, in the final order of `young`, so deciding a tuple
 * right after its referents were visited sees what the separate pass would see (earlier tuples already
 * decided, later objects still tracked; a reachable tuple's collecting items are never left in
 * `unreachable`). That saves a walk of the whole generation.
 * @returns what it counted (`MoveCounts`).
 */
export function moveUnreachable(
  c: GenerationalCollector,
  young: number,
  unreachable: number,
  untrackTuples = false,
): MoveCounts {
  const heap = c.heap;
  let v = visitors.get(heap);
  if (v === undefined) {
    v = new VisitReachable(heap);
    visitors.set(heap, v);
  }
  v.young = young;
  const u32 = c.u32;
  // no Python code runs and nothing allocates here, so no type is registered: the table stays current
  const rows = heap.typeTable.rows;
  let reachable = 0;
  let untracked = 0;
  let dicts = 0;
  let prev = young;
  let g = u32[young >>> 2]!;
  while (g !== young) {
    const p = (g + 8) >>> 2;
    if (u32[p]! >>> PREV_SHIFT !== 0) {
      // NOTE: visit_reachable may append to young after g, changing g's _gc_next.
      const op = fromGc(g);
      reachable++;
      let kind = referentSpan(rows, u32, op, span);
      if (kind !== 0) {
        for (let n = span.count, a = span.first; n > 0; n--, a += span.step) {
          const r = u32[a >>> 2]!;
          // visit_reachable's common case inline: a GC referent ahead in young with gc_refs 0
          if (!isGcIn(rows, u32, r)) continue;
          const rp = (r + GC_PREV) >>> 2;
          const pw = u32[rp]!;
          if ((pw & PREV_MASK_COLLECTING) === 0) continue;
          if ((u32[(r + GC_NEXT) >>> 2]! & NEXT_MASK_UNREACHABLE) !== 0) visitReachable(rows, u32, r, young);
          else if (pw >>> PREV_SHIFT === 0) u32[rp] = (pw & PREV_FLAGS) | (1 << PREV_SHIFT);
        }
      } else {
        kind = rows[u32[op >>> 2]! * TT_STRIDE + TT_KIND]!;
        if (kind === K_DICT) dicts++;
        heap.model.scan(op, v, "traverse");
      }
      if (untrackTuples && kind === K_TUPLE && tupleMayUntrack(c, op)) {
        // `_PyObject_GC_UNTRACK` while young is singly linked: unlink through `prev`.
        u32[prev >>> 2] = u32[g >>> 2]!;
        u32[g >>> 2] = 0;
        u32[p]! &= PREV_MASK_FINALIZED;
        untracked++;
        g = u32[prev >>> 2]!;
        continue;
      }
      // _gc_prev becomes a pointer to prev again, FINALIZED kept, COLLECTING cleared (one store)
      u32[p] = (u32[p]! & PREV_MASK_FINALIZED) | prev;
      prev = g;
    } else {
      // This *may* be unreachable: nothing scanned so far reaches it, but a later object may. Assume it
      // is, to make progress; visit_reachable moves it back if so. (Young is singly linked here: no
      // need to fix g's next's prev.)
      u32[prev >>> 2] = u32[g >>> 2]!;
      const last = u32[(unreachable + 8) >>> 2]!;
      u32[last >>> 2] = NEXT_MASK_UNREACHABLE | g;
      setPrev(u32, g, last);
      u32[g >>> 2] = NEXT_MASK_UNREACHABLE | unreachable;
      u32[(unreachable + 8) >>> 2] = g;
    }
    g = u32[prev >>> 2]!;
  }
  // young's tail is the last kept object; unreachable's last _gc_next points at its head, unflagged
  u32[(young + 8) >>> 2] = prev;
  u32[unreachable >>> 2]! &= ~NEXT_MASK_UNREACHABLE;
  return { reachable, survivors: reachable - untracked, dicts };
}
