import type { GenerationalCollector } from "../collector";
import { listInit } from "../gc-list";
import { moveUnreachable } from "./move-unreachable";
import { subtractRefs } from "./subtract-refs";
import { updateRefs } from "./update-refs";

/**
 * `deduce_unreachable`: `update_refs`, `subtract_refs`, then `move_unreachable` into a fresh
 * `unreachable` list. After: `base` holds the objects reachable from outside it, `unreachable` the rest,
 * and `c.deduced` their counts. With `untrackTuples`, `untrack_tuples` has run on `base` too (folded
 * into `move_unreachable`, see there).
 * @returns the number of objects in `unreachable`.
 */
export function deduceUnreachable(
  c: GenerationalCollector,
  base: number,
  unreachable: number,
  untrackTuples = false,
): number {
  const total = updateRefs(c, base);
  subtractRefs(c, base);
  listInit(c.u32, unreachable);
  moveUnreachable(c, base, unreachable, untrackTuples);
  c.deduced.total = total;
  return total - c.deduced.reachable;
}
