import type { GenerationalCollector } from "../collector";
import { listInit } from "../gc-list";
import { type MoveCounts, moveUnreachable } from "./move-unreachable";
import { subtractRefs } from "./subtract-refs";
import { updateRefs } from "./update-refs";

/** What `deduce_unreachable` found: `move_unreachable`'s counts, the objects examined, the unreachable. */
export interface Deduced extends MoveCounts {
  /** Objects examined (`update_refs` walked them all). */
  total: number;
  /** Objects left in `unreachable`. */
  unreachable: number;
}

/**
 * `deduce_unreachable`: `update_refs`, `subtract_refs`, then `move_unreachable` into a fresh
 * `unreachable` list. Reachability is decided by reference counts alone: after the two counting
 * passes an object with `gc_refs > 0` is referenced from outside `base`, so it and everything it
 * reaches is alive; the rest can only be reached from each other. After: `base` holds the reachable
 * objects, `unreachable` the rest. With `untrackTuples`, `untrack_tuples` has run on `base` too
 * (folded into `move_unreachable`, see there).
 * @returns what it found (`Deduced`).
 */
export function deduceUnreachable(
  c: GenerationalCollector,
  base: number,
  unreachable: number,
  untrackTuples = false,
): Deduced {
  const total = updateRefs(c, base);
  subtractRefs(c, base);
  listInit(c.u32, unreachable);
  const moved = moveUnreachable(c, base, unreachable, untrackTuples);
  return { ...moved, total, unreachable: total - moved.reachable };
}
