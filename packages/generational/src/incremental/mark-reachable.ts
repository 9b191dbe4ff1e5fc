import { fromGc, GC_NEXT } from "@heaplab/refcount/internals";
import type { SlotVisitor } from "@heaplab/runtime";
import { listIsEmpty, listMove } from "../gc-list";
import type { IncrementalCollector } from "./incremental-collector";
import { flipOldSpace, oldSpaceOf } from "./old-space";

/**
 * `move_to_reachable` / `visit_add_to_container`: a tracked GC object not yet in the visited space
 * gets the visited space and moves to the tail of `container`. An object already visited (or
 * untracked, or not a GC object) is left where it is: marking never scans an object twice in a
 * scavenge. (heaplab has no tracked immortal objects, which CPython skips here too.)
 * @returns 1 if it moved the object, else 0.
 */
export function moveToVisited(c: IncrementalCollector, op: number, container: number): number {
  if (op === 0 || !c.isGc(op) || !c.isTracked(op)) return 0;
  const u32 = c.u32;
  const g = op + GC_NEXT;
  if (oldSpaceOf(u32, g) === c.visitedSpace) return 0;
  flipOldSpace(u32, g);
  listMove(u32, g, container);
  return 1;
}

/** `visit_add_to_container` as a visitor over one object's `tp_traverse`, counting what it moved. */
export class AddToContainer implements SlotVisitor {
  container = 0;
  size = 0;
  constructor(private readonly c: IncrementalCollector) {}
  visit(slot: number): void {
    this.size += moveToVisited(this.c, this.c.u32[slot >>> 2]!, this.container);
  }
}

/**
 * `mark_all_reachable`: until `reachable` is empty, its head moves to `visited` and its referents not
 * yet visited are appended to `reachable` (breadth first). Every object on the list already carries
 * the visited space, so each is traversed exactly once.
 * Invariant after: everything reachable from the objects given is in `visited`.
 * @returns how many objects the traversal added (the roots themselves were counted by the caller).
 */
export function markAllReachable(c: IncrementalCollector, reachable: number, visited: number): number {
  const u32 = c.u32;
  const add = new AddToContainer(c);
  add.container = reachable;
  while (!listIsEmpty(u32, reachable)) {
    const g = u32[reachable >>> 2]!;
    listMove(u32, g, visited);
    c.heap.model.scan(fromGc(g), add, "traverse");
  }
  return add.size;
}
