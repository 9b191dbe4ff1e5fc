import {
  fromGc,
  IMMORTAL_BIT,
  PREV_MASK_COLLECTING,
  PREV_MASK_FINALIZED,
  PREV_SHIFT,
} from "@heaplab/refcount/internals";
import { type GenerationalCollector, HEAD_PERMANENT } from "../collector";
import { listAppend, listRemove } from "../gc-list";

/**
 * `update_refs`: for every object in `containers`, `gc_refs = ob_refcnt` and COLLECTING is set
 * (FINALIZED kept). Before: a proper list whose `_gc_prev` words are pointers. After: the `_gc_prev`
 * words hold `gc_refs << 2 | flags`; the list is singly linked through `_gc_next` until
 * `move_unreachable` restores it. A refcount of 0 here would be a bug elsewhere. An immortal object
 * (3.12+: its count says nothing) leaves the set first: to the permanent generation (3.12) or untracked
 * (3.13); its `_gc_prev` is still a pointer then, and so is every `_gc_next`, so unlinking it is safe.
 * @returns the number of objects left in `containers`.
 */
export function updateRefs(c: GenerationalCollector, containers: number): number {
  const u32 = c.u32;
  let n = 0;
  for (let g = u32[containers >>> 2]!; g !== containers; ) {
    const refs = u32[(fromGc(g) - 8) >>> 2]!;
    const next = u32[g >>> 2]!;
    if (refs >= IMMORTAL_BIT) {
      listRemove(u32, g);
      if (c.profile.immortalInCollection === "permanent") listAppend(u32, g, c.head(HEAD_PERMANENT));
      else u32[(g + 8) >>> 2]! &= PREV_MASK_FINALIZED;
      g = next;
      continue;
    }
    n++;
    const p = (g + 8) >>> 2;
    u32[p] = (u32[p]! & PREV_MASK_FINALIZED) | PREV_MASK_COLLECTING | (refs << PREV_SHIFT);
    g = next;
  }
  return n;
}
