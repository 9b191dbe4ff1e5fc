import { GcDebug } from "@heaplab/runtime";
import {
  type GenerationalCollector,
  HEAD_FINAL_UNREACHABLE,
  HEAD_FINALIZERS,
  HEAD_PERMANENT,
  HEAD_UNREACHABLE,
  NUM_GENERATIONS,
} from "./collector";
import { debugCycle, debugDone, debugStart } from "./debug-stats";
import { listInit, listMerge, listSize } from "./gc-list";
import { deduceUnreachable } from "./steps/deduce-unreachable";
import { deleteGarbage } from "./steps/delete-garbage";
import { finalizeGarbage } from "./steps/finalize-garbage";
import { handleLegacyFinalizers } from "./steps/handle-legacy-finalizers";
import { handleResurrectedObjects } from "./steps/handle-resurrected-objects";
import { handleWeakrefs } from "./steps/handle-weakrefs";
import { moveLegacyFinalizers } from "./steps/move-legacy-finalizers";
import { untrackDicts } from "./steps/untrack-dicts";

/** What one collection found: `gc.collect` returns their sum. */
export interface CollectResult {
  collected: number;
  uncollectable: number;
}

/**
 * `gc_collect_main` (CPython 3.11 `Modules/gcmodule.c`), the steps in order: counters, merge the
 * younger generations into `generation`, `deduce_unreachable`, `untrack_tuples`, promotion (or
 * `untrack_dicts` and the long-lived counters for a full collection), `move_legacy_finalizers`,
 * `handle_weakrefs`, `finalize_garbage`, `handle_resurrected_objects`, `delete_garbage`,
 * `handle_legacy_finalizers`, `clear_freelists` after a full collection, statistics.
 */
export function collectMain(c: GenerationalCollector, generation: number, gcSeq: number): CollectResult {
  let m = 0;
  let n = 0;
  const t0 = (c.debug & GcDebug.STATS) !== 0 ? debugStart(c, generation) : 0;
  if (generation + 1 < NUM_GENERATIONS) c.counts[generation + 1]!++;
  for (let i = 0; i <= generation; i++) c.counts[i] = 0;
  for (let i = 0; i < generation; i++) listMerge(c.u32, c.head(i), c.head(generation));
  const young = c.head(generation);
  const old = generation < NUM_GENERATIONS - 1 ? c.head(generation + 1) : young;
  const unreachable = c.head(HEAD_UNREACHABLE);
  // deduce_unreachable, then untrack_tuples (folded into its move_unreachable walk)
  const deduced = deduceUnreachable(c, young, unreachable, true);
  if (young !== old) {
    if (generation === NUM_GENERATIONS - 2) c.longLivedPending += deduced.survivors;
    listMerge(c.u32, young, old);
  } else {
    // untrack_dicts only has work when a dict survived; the sizes come from the walks' counts
    const untracked = deduced.dicts > 0 ? untrackDicts(c, young) : 0;
    c.longLivedPending = 0;
    c.longLivedTotal = deduced.survivors - untracked;
  }
  const finalizers = c.head(HEAD_FINALIZERS);
  listInit(c.u32, finalizers);
  const legacy = moveLegacyFinalizers(c, unreachable, finalizers);
  if ((c.debug & GcDebug.COLLECTABLE) !== 0) {
    for (let g = c.u32[unreachable >>> 2]!; g !== unreachable; g = c.u32[g >>> 2]!)
      debugCycle(c, "collectable", g);
  }
  // handle_weakrefs has nothing to clear or call when no unreachable object is or has a weak reference
  const weak = legacy.weak > 0 ? handleWeakrefs(c, unreachable, old, gcSeq) : { freed: 0, called: 0 };
  m += weak.freed;
  // finalize_garbage has nothing to call when no unreachable object has a __del__ still to run
  const finalized = legacy.pending > 0 ? finalizeGarbage(c, unreachable, gcSeq) : 0;
  const finalUnreachable = c.head(HEAD_FINAL_UNREACHABLE);
  m += handleResurrectedObjects(
    c,
    unreachable,
    finalUnreachable,
    old,
    weak.called + finalized > 0,
    deduced.unreachable,
  );
  deleteGarbage(c, finalUnreachable, old);
  for (let g = c.u32[finalizers >>> 2]!; g !== finalizers; g = c.u32[g >>> 2]!) {
    n++;
    if ((c.debug & GcDebug.UNCOLLECTABLE) !== 0) debugCycle(c, "uncollectable", g);
  }
  if ((c.debug & GcDebug.STATS) !== 0) debugDone(c, n + m, n, t0);
  handleLegacyFinalizers(c, finalizers, old);
  if (generation === NUM_GENERATIONS - 1) c.heap.clearFreeLists();
  const s = c.stats[generation]!;
  s.collections++;
  s.collected += m;
  s.uncollectable += n;
  return { collected: m, uncollectable: n };
}

/** `gc_list_size` of the permanent generation (`gc.get_freeze_count()`). */
export function permanentSize(c: GenerationalCollector): number {
  return listSize(c.u32, c.head(HEAD_PERMANENT));
}
