import { fromGc, GC_PREV, PREV_MASK_COLLECTING, type RefcountHeap } from "@heaplab/refcount/internals";
import type { SlotVisitor } from "@heaplab/runtime";
import type { GenerationalCollector } from "../collector";
import { isGcIn, ReferentSpan, referentSpan } from "../referents";

/**
 * `visit_decref`: a reference from inside the set is not a reason to keep its referent, so a COLLECTING
 * referent loses one `gc_refs` (`_gc_prev` − 4, the count sits above the two flag bits). A referent
 * outside the collected generations is left alone: its count is not being computed.
 */
function visitDecref(rows: Int32Array, u32: Uint32Array, op: number): void {
  if (!isGcIn(rows, u32, op)) return;
  const p = (op + GC_PREV) >>> 2;
  const prev = u32[p]!;
  if ((prev & PREV_MASK_COLLECTING) !== 0) u32[p] = prev - 4;
}

/** `visit_decref` as a visitor, for the containers `referentSpan` leaves to the general scan. */
class VisitDecref implements SlotVisitor {
  constructor(private readonly heap: RefcountHeap) {}
  visit(slot: number): void {
    const u32 = this.heap.memory.u32;
    visitDecref(this.heap.typeTable.rows, u32, u32[slot >>> 2]!);
  }
}

const visitors = new WeakMap<RefcountHeap, VisitDecref>();
const span = new ReferentSpan();

/**
 * `subtract_refs`: traverses every object of `containers` and subtracts each internal reference.
 * Before: `gc_refs == ob_refcnt` (`update_refs`). After: `gc_refs` counts only the references from
 * outside the set (handles, older generations, untracked containers); zero means "maybe unreachable".
 * Each object's references come from the one referent iterator (`referentSpan`, else the general scan);
 * nothing is allocated and no Python code runs, so the type table read at the start stays current.
 */
export function subtractRefs(c: GenerationalCollector, containers: number): void {
  const heap = c.heap;
  let v = visitors.get(heap);
  if (v === undefined) {
    v = new VisitDecref(heap);
    visitors.set(heap, v);
  }
  const u32 = c.u32;
  const rows = heap.typeTable.rows;
  for (let g = u32[containers >>> 2]!; g !== containers; g = u32[g >>> 2]!) {
    const op = fromGc(g);
    if (referentSpan(rows, u32, op, span) === 0) {
      heap.model.scan(op, v, "traverse");
      continue;
    }
    for (let n = span.count, a = span.first; n > 0; n--, a += span.step)
      visitDecref(rows, u32, u32[a >>> 2]!);
  }
}
