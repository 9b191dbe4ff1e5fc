import { GcDebug } from "@heaplab/runtime";
import { type GenerationalCollector, HEAD_FINAL_UNREACHABLE, HEAD_FINALIZERS } from "../collector";
import { debugCycle } from "../debug-stats";
import { listInit } from "../gc-list";
import { deleteGarbage } from "./delete-garbage";
import { finalizeGarbage } from "./finalize-garbage";
import { handleResurrectedObjects } from "./handle-resurrected-objects";
import { handleWeakrefs } from "./handle-weakrefs";
import { moveLegacyFinalizers } from "./move-legacy-finalizers";

/**
 * `gc_collect_main`'s steps after reachability is decided, shared by 3.11's collector and 3.14's
 * `gc_collect_region`, which run them alike: `move_legacy_finalizers` (into `HEAD_FINALIZERS`), the
 * `DEBUG_COLLECTABLE` lines, `handle_weakrefs`, `finalize_garbage`, `handle_resurrected_objects`,
 * `delete_garbage`, then the count and `DEBUG_UNCOLLECTABLE` lines of what a legacy finalizer keeps.
 *
 * Before: `unreachable` holds what `deduce_unreachable` found (`deducedUnreachable` objects); the
 * survivors are already in `old`. After: the garbage is freed, what a finalizer resurrected is in
 * `old`, and the uncollectable objects wait in `HEAD_FINALIZERS` for `handle_legacy_finalizers`, which
 * the caller runs after its own `DEBUG_STATS` line (3.11 prints "done" before it).
 * @returns collected (`m` in gcmodule.c) and uncollectable (`n`).
 * @example
 * const { collected, uncollectable } = disposeUnreachable(c, unreachable, old, gcSeq, deduced.unreachable);
 * handleLegacyFinalizers(c, c.head(HEAD_FINALIZERS), old);
 */
export function disposeUnreachable(
  c: GenerationalCollector,
  unreachable: number,
  old: number,
  gcSeq: number,
  deducedUnreachable: number,
): { collected: number; uncollectable: number } {
  const finalizers = c.head(HEAD_FINALIZERS);
  listInit(c.u32, finalizers);
  const legacy = moveLegacyFinalizers(c, unreachable, finalizers);
  if ((c.debug & GcDebug.COLLECTABLE) !== 0) {
    for (let g = c.u32[unreachable >>> 2]!; g !== unreachable; g = c.u32[g >>> 2]!)
      debugCycle(c, "collectable", g);
  }
  // handle_weakrefs has nothing to clear or call when no unreachable object is or has a weak reference
  const weak = legacy.weak > 0 ? handleWeakrefs(c, unreachable, old, gcSeq) : { freed: 0, called: 0 };
  let collected = weak.freed;
  // finalize_garbage has nothing to call when no unreachable object has a __del__ still to run
  const finalized = legacy.pending > 0 ? finalizeGarbage(c, unreachable, gcSeq) : 0;
  const finalUnreachable = c.head(HEAD_FINAL_UNREACHABLE);
  collected += handleResurrectedObjects(
    c,
    unreachable,
    finalUnreachable,
    old,
    weak.called + finalized > 0,
    deducedUnreachable,
  );
  deleteGarbage(c, finalUnreachable, old);
  let uncollectable = 0;
  for (let g = c.u32[finalizers >>> 2]!; g !== finalizers; g = c.u32[g >>> 2]!) {
    uncollectable++;
    if ((c.debug & GcDebug.UNCOLLECTABLE) !== 0) debugCycle(c, "uncollectable", g);
  }
  return { collected, uncollectable };
}
