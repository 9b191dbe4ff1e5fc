import type { SlotVisitor } from "@heaplab/runtime";
import { DICT_KEYS } from "@heaplab/runtime/internals";
import type { GenerationalCollector } from "../collector";
import { fromGc, K_DICT } from "./step-support";

/**
 * `untrack_dicts`: only in full collections (issue #14775), each exact dict whose keys and values are
 * all "not may-be-tracked" (`_PyDict_MaybeUntrack`) is untracked. Replacing or deleting values never
 * untracks a dict eagerly; this is the only place it happens.
 * @returns the number of dicts untracked.
 */
export function untrackDicts(c: GenerationalCollector, young: number): number {
  const heap = c.heap;
  let found = false;
  let untracked = 0;
  const check: SlotVisitor = {
    visit(slot) {
      if (c.mayBeTracked(heap.memory.u32[slot >>> 2]!)) found = true;
    },
  };
  let g = c.u32[young >>> 2]!;
  while (g !== young) {
    const next = c.u32[g >>> 2]!;
    const op = fromGc(g);
    if (heap.kindOf(op) === K_DICT) {
      found = false;
      if (c.u32[(op + DICT_KEYS) >>> 2] !== 0) heap.model.scan(op, check, "traverse");
      if (!found) {
        c.untrack(op);
        untracked++;
      }
    }
    g = next;
  }
  return untracked;
}
