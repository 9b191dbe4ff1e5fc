import type { CollectResult } from "../collect-main";
import { listMerge } from "../gc-list";
import { collectRegion } from "./collect-region";
import { completedScavenge } from "./completed-scavenge";
import type { IncrementalCollector } from "./incremental-collector";
import { listSetSpace } from "./old-space";
import { untrackTuplesPass } from "./untrack-tuples-pass";

/**
 * `gc_collect_full` (`gc.collect()`, `gc.collect(2)`): young and the pending space join the visited
 * space (young after pending, as CPython merges young into pending first), the whole of it is collected
 * as one region in place, all three counts become 0, the scavenge is complete (so the next increment
 * marks again) and the free lists are emptied. The permanent generation is not touched.
 */
export function collectFull(c: IncrementalCollector, gcSeq: number): CollectResult {
  const u32 = c.u32;
  untrackTuplesPass(c, c.young);
  const pending = c.pending;
  listMerge(u32, c.young, pending);
  listSetSpace(u32, pending, c.visitedSpace);
  c.counts[0] = 0;
  listMerge(u32, pending, c.visited);
  const r = collectRegion(c, c.visited, c.visited, gcSeq);
  c.counts.fill(0);
  completedScavenge(c);
  c.heap.clearFreeLists();
  return r;
}
