import type { GenerationalCollector } from "../collector";
import { listInit, listMerge } from "../gc-list";
import { deduceUnreachable } from "./deduce-unreachable";

/**
 * `handle_resurrected_objects` (3.9+, bpo-38379): after the finalizers, COLLECTING is cleared on the
 * remaining unreachable objects and `deduce_unreachable` runs again on them alone. Objects now
 * referenced from outside (resurrected, or reachable from a resurrected object) move to `old`; the
 * rest form `stillUnreachable`. Partial resurrection no longer keeps the other garbage alive.
 * `gc_list_clear_collecting` needs no walk of its own here: `update_refs` rewrites every `_gc_prev` as
 * FINALIZED (kept) | COLLECTING | refcount, whatever COLLECTING was before.
 *
 * When no Python code ran since the first `deduce_unreachable` (`codeRan` false: no weak-reference
 * callback, no finalizer), no reference changed, so every object in `unreachable` still has only
 * references from within it: the second `deduce_unreachable` would move them all, in order, to
 * `stillUnreachable` and resurrect none. Then the list is taken over as it is (already doubly linked,
 * COLLECTING set, NEXT_MASK_UNREACHABLE cleared) and `known` is its size.
 * @returns the number of objects in `stillUnreachable`.
 */
export function handleResurrectedObjects(
  c: GenerationalCollector,
  unreachable: number,
  stillUnreachable: number,
  old: number,
  codeRan: boolean,
  known: number,
): number {
  const u32 = c.u32;
  if (!codeRan) {
    listInit(u32, stillUnreachable);
    listMerge(u32, unreachable, stillUnreachable);
    return known;
  }
  const n = deduceUnreachable(c, unreachable, stillUnreachable).unreachable;
  // clear_unreachable_mask
  for (let g = u32[stillUnreachable >>> 2]!; g !== stillUnreachable; g = u32[g >>> 2]! & ~1)
    u32[g >>> 2]! &= ~1;
  listMerge(c.u32, unreachable, old);
  return n;
}
