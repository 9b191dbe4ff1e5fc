import { fromGc, PREV_MASK_COLLECTING, PREV_MASK_FINALIZED, PREV_SHIFT } from "@heaplab/refcount/internals";
import type { GenerationalCollector } from "../collector";

/**
 * `update_refs`: for every object in `containers`, `gc_refs = ob_refcnt` and COLLECTING is set
 * (FINALIZED kept). Before: a proper list whose `_gc_prev` words are pointers. After: the `_gc_prev`
 * words hold `gc_refs << 2 | flags`; the list is singly linked through `_gc_next` until
 * `move_unreachable` restores it. A refcount of 0 here would be a bug elsewhere.
 * @returns the number of objects in `containers`.
 */
export function updateRefs(c: GenerationalCollector, containers: number): number {
  const u32 = c.u32;
  let n = 0;
  for (let g = u32[containers >>> 2]!; g !== containers; g = u32[g >>> 2]!) {
    n++;
    const refs = u32[(fromGc(g) - 8) >>> 2]!;
    const p = (g + 8) >>> 2;
    u32[p] = (u32[p]! & PREV_MASK_FINALIZED) | PREV_MASK_COLLECTING | (refs << PREV_SHIFT);
  }
  return n;
}
