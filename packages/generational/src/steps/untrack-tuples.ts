import type { GenerationalCollector } from "../collector";
import { fromGc, K_TUPLE, TUPLE_ITEMS_OFFSET } from "./step-support";

/**
 * `untrack_tuples`: every collection, over the survivors in list order, an exact tuple whose items
 * are all "not may-be-tracked" (`_PyTuple_MaybeUntrack`) is untracked. Before and after: `young` is a
 * proper list; after, it holds no tuple of only atomic or untracked-tuple items that precede it.
 */
export function untrackTuples(c: GenerationalCollector, young: number): void {
  const heap = c.heap;
  let g = c.u32[young >>> 2]!;
  while (g !== young) {
    const next = c.u32[g >>> 2]!;
    const op = fromGc(g);
    if (heap.kindOf(op) === K_TUPLE && tupleMayUntrack(c, op)) c.untrack(op);
    g = next;
  }
}

function tupleMayUntrack(c: GenerationalCollector, op: number): boolean {
  const u32 = c.u32;
  const n = u32[(op + 8) >>> 2]!;
  for (let i = 0; i < n; i++) {
    const item = u32[(op + TUPLE_ITEMS_OFFSET + 8 * i) >>> 2]!;
    if (c.mayBeTracked(item)) return false;
  }
  return true;
}
