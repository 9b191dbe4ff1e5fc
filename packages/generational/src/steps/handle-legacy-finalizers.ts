import { GcDebug } from "@heaplab/runtime";
import type { GenerationalCollector } from "../collector";
import { listMerge } from "../gc-list";
import { fromGc } from "./step-support";

/**
 * `handle_legacy_finalizers`: under DEBUG_SAVEALL every uncollectable object is appended to
 * `gc.garbage` (objects with a legacy `tp_del` always would be; heaplab has none); then the
 * uncollectable objects move to `old`, alive.
 */
export function handleLegacyFinalizers(c: GenerationalCollector, finalizers: number, old: number): void {
  if ((c.debug & GcDebug.SAVEALL) !== 0) {
    for (let g = c.u32[finalizers >>> 2]!; g !== finalizers; g = c.u32[g >>> 2]!) {
      c.heap.incref(fromGc(g));
      c.garbage.push(fromGc(g));
    }
  }
  listMerge(c.u32, finalizers, old);
}
