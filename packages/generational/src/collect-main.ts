import { GcDebug } from "@heaplab/runtime";
import {
  type GenerationalCollector,
  HEAD_FINALIZERS,
  HEAD_PERMANENT,
  HEAD_UNREACHABLE,
  NUM_GENERATIONS,
} from "./collector";
import { debugDone, debugStart } from "./debug-stats";
import { listMerge, listSize } from "./gc-list";
import { deduceUnreachable } from "./steps/deduce-unreachable";
import { disposeUnreachable } from "./steps/dispose-unreachable";
import { handleLegacyFinalizers } from "./steps/handle-legacy-finalizers";
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
  const disposed = disposeUnreachable(c, unreachable, old, gcSeq, deduced.unreachable);
  m += disposed.collected;
  n += disposed.uncollectable;
  if ((c.debug & GcDebug.STATS) !== 0) debugDone(c, n + m, n, t0);
  handleLegacyFinalizers(c, c.head(HEAD_FINALIZERS), old);
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
