import { fromGc, K_TUPLE } from "@heaplab/refcount/internals";
import { tupleMayUntrack } from "../steps/untrack-tuples";
import type { IncrementalCollector } from "./incremental-collector";

/**
 * `untrack_tuples(head)` as its own pass, which the incremental collector runs over `young` before
 * every collection (young, increment or full), oldest object first: an exact tuple none of whose items
 * may be tracked is untracked (`_PyTuple_MaybeUntrack`), through `_PyObject_GC_UNTRACK`, so young's
 * count and the heap size go down with it. Oldest first means a tuple's items, made before it, were
 * decided before it, so a nest of atomic tuples untracks in one pass.
 * Invariant after: no tuple left in `head` has only untrackable items.
 * @returns how many tuples it untracked.
 */
export function untrackTuplesPass(c: IncrementalCollector, head: number): number {
  const u32 = c.u32;
  const heap = c.heap;
  let n = 0;
  for (let g = u32[head >>> 2]!; g !== head; ) {
    const next = u32[g >>> 2]!;
    const op = fromGc(g);
    if (heap.kindOf(op) === K_TUPLE && tupleMayUntrack(c, op)) {
      c.untrack(op);
      n++;
    }
    g = next;
  }
  return n;
}
