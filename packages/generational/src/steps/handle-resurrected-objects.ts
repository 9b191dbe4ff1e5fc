import { PREV_MASK_COLLECTING } from "@heaplab/refcount";
import type { GenerationalCollector } from "../collector";
import { listMerge } from "../gc-list";
import { deduceUnreachable } from "./deduce-unreachable";

/**
 * `handle_resurrected_objects` (3.9+, bpo-38379): after the finalizers, COLLECTING is cleared on the
 * remaining unreachable objects and `deduce_unreachable` runs again on them alone. Objects now
 * referenced from outside (resurrected, or reachable from a resurrected object) move to `old`; the
 * rest form `stillUnreachable`. Partial resurrection no longer keeps the other garbage alive.
 */
export function handleResurrectedObjects(
  c: GenerationalCollector,
  unreachable: number,
  stillUnreachable: number,
  old: number,
): void {
  const u32 = c.u32;
  for (let g = u32[unreachable >>> 2]!; g !== unreachable; g = u32[g >>> 2]!)
    u32[(g + 8) >>> 2]! &= ~PREV_MASK_COLLECTING;
  deduceUnreachable(c, unreachable, stillUnreachable);
  // clear_unreachable_mask
  for (let g = u32[stillUnreachable >>> 2]!; g !== stillUnreachable; g = u32[g >>> 2]! & ~1)
    u32[g >>> 2]! &= ~1;
  listMerge(c.u32, unreachable, old);
}
