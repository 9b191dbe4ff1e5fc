import {
  fromGc,
  GC_NEXT,
  GC_PREV,
  K_DICT,
  K_LIST,
  K_SLOTS,
  K_TUPLE,
  NEXT_MASK_UNREACHABLE,
  PREV_FLAGS,
  PREV_MASK_COLLECTING,
  PREV_MASK_FINALIZED,
  PREV_SHIFT,
  type RefcountHeap,
} from "@heaplab/refcount";
import type { SlotVisitor } from "@heaplab/runtime";
import { LIST_ITEMS, OB_SIZE, TUPLE_ITEMS } from "@heaplab/runtime/internals";
import type { GenerationalCollector } from "../collector";
import { listAppend, setPrev } from "../gc-list";
import { ReferentSpan, referentSpan } from "../referents";
import { tupleMayUntrack } from "./untrack-tuples";

/**
 * `visit_reachable`: a COLLECTING referent is reachable. If `move_unreachable` already put it in the
 * unreachable list, it goes back to the tail of `young` with `gc_refs = 1`; if it is still ahead in
 * `young` with `gc_refs == 0`, it gets `gc_refs = 1`.
 */
function visitReachable(heap: RefcountHeap, u32: Uint32Array, op: number, young: number): void {
  if (heap.kindOf(op) < K_TUPLE) return;
  const g = op + GC_NEXT;
  const prevWord = u32[(op + GC_PREV) >>> 2]!;
  if ((prevWord & PREV_MASK_COLLECTING) === 0) return;
  const next = u32[g >>> 2]!;
  if ((next & NEXT_MASK_UNREACHABLE) !== 0) {
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
    visitReachable(this.heap, u32, u32[slot >>> 2]!, this.young);
  }
}

const span = new ReferentSpan();

const visitors = new WeakMap<RefcountHeap, VisitReachable>();

/**
 * `move_unreachable`: scans `young` left to right. An object with `gc_refs > 0` is reachable: its
 * referents are made reachable too, its `_gc_prev` becomes a pointer again and COLLECTING is cleared.
 * An object with `gc_refs == 0` moves, tentatively, to the tail of `unreachable` with
 * NEXT_MASK_UNREACHABLE set; a later reachable object may move it back to the tail of `young`.
 * After: `young` is a proper list of reachable objects (COLLECTING clear); `unreachable` holds the
 * rest (COLLECTING and NEXT_MASK_UNREACHABLE set). A chain created A, B, C ends up C, B, A.
 *
 * With `untrackTuples` set (the collection's first `deduce_unreachable`), `untrack_tuples` is folded
 * in: each reachable object is met exactly once, in the final order of `young`, so deciding a tuple
 * right after its referents were visited sees what the separate pass would see (earlier tuples already
 * decided, later objects still tracked; a reachable tuple's collecting items are never left in
 * `unreachable`). That saves a walk of the whole generation. The counts land in `c.deduced`.
 */
export function moveUnreachable(
  c: GenerationalCollector,
  young: number,
  unreachable: number,
  untrackTuples = false,
): void {
  let v = visitors.get(c.heap);
  if (v === undefined) {
    v = new VisitReachable(c.heap);
    visitors.set(c.heap, v);
  }
  v.young = young;
  const heap = c.heap;
  const model = heap.model;
  const u32 = c.u32;
  // no code runs and nothing allocates during move_unreachable, so the tables stay current (an entry
  // learned meanwhile by kindOf may be missing from this copy: a 0 entry falls back to kindOf)
  const kinds = heap.kindTable();
  const slotCounts = heap.slotCountTable();
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
      // the referents as a run of words: lists, tuples and slots read in place, other kinds via
      // referentSpan, the rest (dicts, sets, ...) through the general scan
      const id = u32[op >>> 2]!;
      const known = id < kinds.length ? kinds[id]! : 0;
      const k = known !== 0 ? known : heap.kindOf(op); // a type not learned yet (tracked objects all are)
      let a = 0;
      let n = 0;
      let step = 8;
      if (k === K_LIST) {
        n = u32[(op + OB_SIZE) >>> 2]!;
        a = u32[(op + LIST_ITEMS) >>> 2]! + 8 * (n - 1);
        step = -8;
      } else if (k === K_TUPLE) {
        n = u32[(op + OB_SIZE) >>> 2]!;
        a = op + TUPLE_ITEMS + 8 * (n - 1);
        step = -8;
      } else if (k === K_SLOTS) {
        n = known !== 0 ? slotCounts[id]! : heap.slotCountOf(op);
        a = op + 8;
      } else if (referentSpan(heap, op, span)) {
        a = span.first;
        n = span.count;
        step = span.step;
      } else {
        if (heap.kindOf(op) === K_DICT) dicts++;
        model.scan(op, v, "traverse");
        n = 0;
      }
      for (; n > 0; n--, a += step) {
        const r = u32[a >>> 2]!;
        if (r === 0) continue;
        // visit_reachable; the common cases (not collecting, or ahead in young) inline
        const rid = u32[r >>> 2]!;
        const rk = rid < kinds.length ? kinds[rid]! : 0;
        if (rk === 0) {
          visitReachable(heap, u32, r, young);
          continue;
        }
        if (rk < K_TUPLE) continue;
        const rp = (r + GC_PREV) >>> 2;
        const pw = u32[rp]!;
        if ((pw & PREV_MASK_COLLECTING) === 0) continue;
        if ((u32[(r + GC_NEXT) >>> 2]! & NEXT_MASK_UNREACHABLE) !== 0) visitReachable(heap, u32, r, young);
        else if (pw >>> PREV_SHIFT === 0) u32[rp] = (pw & PREV_FLAGS) | (1 << PREV_SHIFT);
      }
      if (untrackTuples && k === K_TUPLE && tupleMayUntrack(c, op)) {
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
      // Move g to unreachable (young is singly linked here: no need to fix g's next's prev).
      u32[prev >>> 2] = u32[g >>> 2]!;
      const last = u32[(unreachable + 8) >>> 2]!;
      u32[last >>> 2] = NEXT_MASK_UNREACHABLE | g;
      setPrev(u32, g, last);
      u32[g >>> 2] = NEXT_MASK_UNREACHABLE | unreachable;
      u32[(unreachable + 8) >>> 2] = g;
    }
    g = u32[prev >>> 2]!;
  }
  u32[(young + 8) >>> 2] = prev;
  u32[unreachable >>> 2]! &= ~NEXT_MASK_UNREACHABLE;
  c.deduced.reachable = reachable;
  c.deduced.survivors = reachable - untracked;
  c.deduced.dicts = dicts;
}
