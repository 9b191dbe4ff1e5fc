import type { CollectResult } from "../collect-main";
import { listIsEmpty, listMerge, listMove, listSize } from "../gc-list";
import { collectRegion } from "./collect-region";
import { completedScavenge } from "./completed-scavenge";
import { expandRegionTransitivelyReachable } from "./expand-region";
import type { IncrementalCollector } from "./incremental-collector";
import { markAtStart, markStacks } from "./mark-at-start";
import { listSetSpace, setOldSpace } from "./old-space";
import { untrackTuplesPass } from "./untrack-tuples-pass";

/** `SCAN_RATE_DIVISOR`: with the default scale factor 10, each increment scans about 1% of the heap. */
export const SCAN_RATE_DIVISOR = 10;

/** `old[0].threshold` as the scan-rate scale factor, never below 2. */
function scaleFactor(c: IncrementalCollector): number {
  return Math.max(2, c.thresholds[1]!);
}

/**
 * `assess_work_to_do`: the work one increment owes is the new (young) objects plus a share of the heap,
 * the share capped at 1.5× the new objects so a big heap with few new objects does not make every
 * increment scan a lot. Resets `young.count`.
 * @returns the work to add to `work_to_do`.
 */
export function assessWorkToDo(c: IncrementalCollector): number {
  const newObjects = c.counts[0]!;
  const heapFraction = Math.min(
    Math.trunc(Math.trunc(c.heapSize / SCAN_RATE_DIVISOR) / scaleFactor(c)),
    Math.trunc((newObjects * 3) / 2),
  );
  c.counts[0] = 0;
  return newObjects + heapFraction;
}

/**
 * `gc_collect_increment` (`gc.collect(1)` and every automatic collection): the new work is assessed,
 * and while `work_to_do` is negative the increment does nothing more. In the MARK phase the
 * increment only marks from the roots (`markAtStart`) and collects nothing. In the COLLECT phase: what
 * the stacks hold is marked, then the increment is all of young plus, while it is smaller than
 * `work_to_do`, the oldest pending object and everything it reaches outside the visited space (so no
 * cycle is split); the increment is collected as one region and its survivors join the visited space.
 * When the pending space runs out, the scavenge is complete (`completedScavenge`).
 * Invariant: every old object is either visited (reached from the roots, or scanned by an increment
 * this scavenge) or pending; garbage can only hide in pending, and each scavenge scans all of it.
 * A mark counts twice against `work_to_do` (`mark_at_start` and its caller both subtract it,
 * gh-141890, open in 3.14.2), so after a mark of the interpreter's ~19,000 rooted objects increments
 * stay idle until ~38,000 objects' worth of new work has been assessed.
 * @returns what was collected, or null for an increment that collected nothing by design (idle or
 * mark-only; CPython then skips `add_stats`).
 */
export function collectIncrement(
  c: IncrementalCollector,
  rootedExtras: readonly number[],
  gcSeq: number,
): CollectResult | null {
  const u32 = c.u32;
  c.workToDo += assessWorkToDo(c);
  // Owing nothing, the increment stops here: no tuple untracked, nothing marked or collected (3.14.2,
  // with gh-139951's fix; seen on the referee: after a mark, `gc.collect(1)` leaves young as it is).
  if (c.workToDo < 0) return null;
  untrackTuplesPass(c, c.young);
  if (c.phase === "mark") {
    const marked = markAtStart(c, rootedExtras);
    c.workToDo -= marked;
    return null;
  }
  const pending = c.pending;
  const increment = c.increment;
  c.workToDo -= markStacks(c, rootedExtras);
  listSetSpace(u32, c.young, c.visitedSpace);
  listMerge(u32, c.young, increment);
  let incrementSize = listSize(u32, increment);
  while (incrementSize < c.workToDo) {
    if (listIsEmpty(u32, pending)) break;
    const g = u32[pending >>> 2]!;
    listMove(u32, g, increment);
    incrementSize++;
    setOldSpace(u32, g, c.visitedSpace);
    incrementSize += expandRegionTransitivelyReachable(c, increment, g);
  }
  const survivors = c.survivors;
  const r = collectRegion(c, increment, survivors, gcSeq);
  listSetSpace(u32, survivors, c.visitedSpace);
  listMerge(u32, survivors, c.visited);
  c.workToDo += Math.trunc(Math.trunc(c.heapSize / SCAN_RATE_DIVISOR) / scaleFactor(c));
  c.workToDo -= incrementSize;
  if (listIsEmpty(u32, pending)) completedScavenge(c);
  return r;
}
