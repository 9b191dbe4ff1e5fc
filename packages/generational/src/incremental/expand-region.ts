import { fromGc } from "@heaplab/refcount/internals";
import type { IncrementalCollector } from "./incremental-collector";
import { AddToContainer } from "./mark-reachable";

/**
 * `expand_region_transitively_reachable`: from `g` (just appended to `container`) to the list's end,
 * every object's referents that are tracked and not yet visited are appended too (and marked visited),
 * so the increment holds everything its objects reach outside the visited space. A cycle is therefore
 * never split between two increments: split, each half would keep the other alive through a reference
 * from outside its increment, and the cycle would never be found.
 * @returns how many objects it added.
 */
export function expandRegionTransitivelyReachable(
  c: IncrementalCollector,
  container: number,
  g: number,
): number {
  const u32 = c.u32;
  const add = new AddToContainer(c);
  add.container = container;
  for (let x = g; x !== container; x = u32[x >>> 2]!) c.heap.model.scan(fromGc(x), add, "traverse");
  return add.size;
}
