import {
  fromGc,
  GC_PREV,
  K_LIST,
  K_SLOTS,
  K_TUPLE,
  PREV_MASK_COLLECTING,
  type RefcountHeap,
} from "@heaplab/refcount";
import type { SlotVisitor } from "@heaplab/runtime";
import { LIST_ITEMS, OB_SIZE, TUPLE_ITEMS } from "@heaplab/runtime/internals";
import type { GenerationalCollector } from "../collector";
import { ReferentSpan, referentSpan } from "../referents";

/** `visit_decref`: a referent that is GC and COLLECTING loses one `gc_refs` (`_gc_prev` − 4). */
function visitDecref(heap: RefcountHeap, u32: Uint32Array, op: number): void {
  if (heap.kindOf(op) < K_TUPLE) return;
  const p = (op + GC_PREV) >>> 2;
  const prev = u32[p]!;
  if ((prev & PREV_MASK_COLLECTING) !== 0) u32[p] = prev - 4;
}

/** `visit_decref` as a visitor, for the containers `referentSpan` leaves to the general scan. */
class VisitDecref implements SlotVisitor {
  constructor(private readonly heap: RefcountHeap) {}
  visit(slot: number): void {
    const u32 = this.heap.memory.u32;
    visitDecref(this.heap, u32, u32[slot >>> 2]!);
  }
}

const visitors = new WeakMap<RefcountHeap, VisitDecref>();
const span = new ReferentSpan();

/**
 * `subtract_refs`: traverses every object of `containers` and subtracts each internal reference.
 * Before: `gc_refs == ob_refcnt`. After: `gc_refs` counts only the references from outside the set
 * (handles, older generations, untracked containers); zero means "maybe unreachable".
 * Lists, tuples and instances are read straight from their words (`referentSpan`); nothing is allocated.
 */
export function subtractRefs(c: GenerationalCollector, containers: number): void {
  const heap = c.heap;
  let v = visitors.get(heap);
  if (v === undefined) {
    v = new VisitDecref(heap);
    visitors.set(heap, v);
  }
  const model = heap.model;
  const u32 = c.u32;
  // no code runs and nothing allocates during subtract_refs, so the tables stay current
  const kinds = heap.kindTable();
  const slotCounts = heap.slotCountTable();
  for (let g = u32[containers >>> 2]!; g !== containers; g = u32[g >>> 2]!) {
    const op = fromGc(g);
    const id = u32[op >>> 2]!;
    const k = id < kinds.length ? kinds[id]! : 0;
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
      n = slotCounts[id]!;
      a = op + 8;
    } else if (referentSpan(heap, op, span)) {
      a = span.first;
      n = span.count;
      step = span.step;
    } else {
      model.scan(op, v, "traverse");
      continue;
    }
    for (; n > 0; n--, a += step) {
      const r = u32[a >>> 2]!;
      if (r === 0) continue;
      // visit_decref, the kind looked up in place (kindOf for a type not learned yet)
      const rid = u32[r >>> 2]!;
      const rk = rid < kinds.length ? kinds[rid]! : 0;
      if (rk === 0) visitDecref(heap, u32, r);
      else if (rk >= K_TUPLE) {
        const p = (r + GC_PREV) >>> 2;
        const prev = u32[p]!;
        if ((prev & PREV_MASK_COLLECTING) !== 0) u32[p] = prev - 4;
      }
    }
  }
}
