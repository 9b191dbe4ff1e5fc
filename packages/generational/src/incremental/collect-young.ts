import type { CollectResult } from "../collect-main";
import { listMerge } from "../gc-list";
import { collectRegion } from "./collect-region";
import type { IncrementalCollector } from "./incremental-collector";
import { listSetSpace } from "./old-space";
import { untrackTuplesPass } from "./untrack-tuples-pass";

/**
 * `gc_collect_young` (`gc.collect(0)`): the young generation alone is a region; its survivors join the
 * visited space (young objects are marked visited first, so they are not scanned again this
 * scavenge). `young.count` becomes 0 and `old[visited].count` counts one more young collection, which
 * is all `gc.get_count()[1]` ever counts.
 */
export function collectYoung(c: IncrementalCollector, gcSeq: number): CollectResult {
  const u32 = c.u32;
  untrackTuplesPass(c, c.young);
  const survivors = c.survivors;
  listSetSpace(u32, c.young, c.visitedSpace);
  const r = collectRegion(c, c.young, survivors, gcSeq);
  listSetSpace(u32, survivors, c.visitedSpace);
  listMerge(u32, survivors, c.visited);
  c.counts[0] = 0;
  c.counts[1 + c.visitedSpace]!++;
  return r;
}
