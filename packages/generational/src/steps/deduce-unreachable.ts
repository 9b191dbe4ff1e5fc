import type { GenerationalCollector } from "../collector";
import { listInit } from "../gc-list";
import { moveUnreachable } from "./move-unreachable";
import { subtractRefs } from "./subtract-refs";
import { updateRefs } from "./update-refs";

/**
 * `deduce_unreachable`: `update_refs`, `subtract_refs`, then `move_unreachable` into a fresh
 * `unreachable` list. After: `base` holds the objects reachable from outside it, `unreachable` the rest.
 */
export function deduceUnreachable(c: GenerationalCollector, base: number, unreachable: number): void {
  updateRefs(c, base);
  subtractRefs(c, base);
  listInit(c.u32, unreachable);
  moveUnreachable(c, base, unreachable);
}
