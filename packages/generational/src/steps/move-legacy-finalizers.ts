import { NEXT_MASK_UNREACHABLE } from "@heaplab/refcount";
import type { GenerationalCollector } from "../collector";

/**
 * `move_legacy_finalizers` + `move_legacy_finalizer_reachable`: clears NEXT_MASK_UNREACHABLE on every
 * unreachable object, so `unreachable` is a normal list again. Objects with a legacy `tp_del` (and all
 * they reach) would move to `finalizers` and become uncollectable; heaplab types, like every class
 * Python code can define since 3.4, have none, so `finalizers` stays empty.
 * After: no object in `unreachable` has NEXT_MASK_UNREACHABLE; all still have COLLECTING.
 */
export function moveLegacyFinalizers(
  c: GenerationalCollector,
  unreachable: number,
  _finalizers: number,
): void {
  const u32 = c.u32;
  let g = u32[unreachable >>> 2]!;
  while (g !== unreachable) {
    u32[g >>> 2]! &= ~NEXT_MASK_UNREACHABLE;
    g = u32[g >>> 2]!;
  }
}
