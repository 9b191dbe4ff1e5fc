import type { CollectResult } from "../collect-main";
import { HEAD_FINALIZERS, HEAD_UNREACHABLE } from "../collector";
import { listMerge } from "../gc-list";
import { deduceUnreachable } from "../steps/deduce-unreachable";
import { disposeUnreachable } from "../steps/dispose-unreachable";
import { handleLegacyFinalizers } from "../steps/handle-legacy-finalizers";
import type { IncrementalCollector } from "./incremental-collector";

/**
 * `gc_collect_region(from, to)`: the 3.11 core run on any set of objects, not a generation. The
 * unreachable objects of `from` (reachability decided by reference counts, so a reference from outside
 * `from`, an older space included, keeps an object) are finalized and freed; the reachable ones, and
 * whatever finalizers resurrect, end in `to`. Steps as 3.11's: `deduce_unreachable`, `untrack_tuples`
 * on the survivors (folded into `move_unreachable`'s walk, as in `collect-main.ts`; each untrack counts
 * young and the heap down), merge into `to`, legacy finalizers, weak references (3.14.2 clears them all
 * before any callback or `__del__`, the classic order: the Pyodide referee shows a callback-less weak
 * reference to a resurrected object dead), `finalize_garbage`, `handle_resurrected_objects`,
 * `delete_garbage`. Not here, unlike 3.11: `untrack_dicts` (3.14 dicts stay tracked), the long-lived
 * counters, the generation counts.
 *
 * Every object of `from` must carry the visited space (the callers set it first), so survivors and
 * resurrected objects land in `to` already marked visited. A weak reference whose callback ran is moved
 * to `to` from wherever it was; CPython gives it the visited space there, and the callers do the same
 * (`survivorsVisited`).
 * @returns what was collected and what was uncollectable (`stats`).
 */
export function collectRegion(
  c: IncrementalCollector,
  from: number,
  to: number,
  gcSeq: number,
): CollectResult {
  const unreachable = c.head(HEAD_UNREACHABLE);
  const deduced = deduceUnreachable(c, from, unreachable, true);
  c.noteUntracked(deduced.reachable - deduced.survivors);
  if (from !== to) listMerge(c.u32, from, to);
  const disposed = disposeUnreachable(c, unreachable, to, gcSeq, deduced.unreachable);
  handleLegacyFinalizers(c, c.head(HEAD_FINALIZERS), to);
  return disposed;
}
