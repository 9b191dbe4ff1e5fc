import { fromGc, GC_PREV, K_TUPLE, PREV_MASK_COLLECTING, type RefcountHeap } from "@heaplab/refcount";
import type { SlotVisitor } from "@heaplab/runtime";
import type { GenerationalCollector } from "../collector";

/** `visit_decref`: a referent that is GC and COLLECTING loses one `gc_refs`. */
class VisitDecref implements SlotVisitor {
  constructor(private readonly heap: RefcountHeap) {}
  visit(slot: number): void {
    const u32 = this.heap.memory.u32;
    const op = u32[slot >>> 2]!;
    if (this.heap.kindOf(op) < K_TUPLE) return;
    const p = (op + GC_PREV) >>> 2;
    const prev = u32[p]!;
    if ((prev & PREV_MASK_COLLECTING) !== 0) u32[p] = prev - 4;
  }
}

const visitors = new WeakMap<RefcountHeap, VisitDecref>();

/**
 * `subtract_refs`: traverses every object of `containers` and subtracts each internal reference.
 * Before: `gc_refs == ob_refcnt`. After: `gc_refs` counts only the references from outside the set
 * (handles, older generations, untracked containers); zero means "maybe unreachable".
 */
export function subtractRefs(c: GenerationalCollector, containers: number): void {
  let v = visitors.get(c.heap);
  if (v === undefined) {
    v = new VisitDecref(c.heap);
    visitors.set(c.heap, v);
  }
  const model = c.heap.model;
  const u32 = c.u32;
  for (let g = u32[containers >>> 2]!; g !== containers; g = u32[g >>> 2]!)
    model.scan(fromGc(g), v, "traverse");
}
