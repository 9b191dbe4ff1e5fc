import { HEAD_PERMANENT } from "../collector";
import { listIsEmpty, listMerge } from "../gc-list";
import type { IncrementalCollector } from "./incremental-collector";
import { listSetSpace } from "./old-space";

/**
 * `completed_scavenge`: the pending space is empty, so every old object has been scanned once; the
 * next scavenge starts. With an empty permanent generation the two spaces swap roles by flipping
 * `visited_space` alone: everything visited becomes pending without being touched (young's objects are
 * re-marked with the new not-visited space). Frozen objects must stay marked visited, so with a
 * non-empty permanent generation the space bit cannot flip: the visited objects move to the pending
 * list and take its space instead.
 * Invariant after: the visited space is empty, `work_to_do` is 0 and the next increment marks (MARK).
 */
export function completedScavenge(c: IncrementalCollector): void {
  const u32 = c.u32;
  if (listIsEmpty(u32, c.head(HEAD_PERMANENT))) {
    const notVisited = c.visitedSpace;
    c.visitedSpace = notVisited ^ 1;
    listSetSpace(u32, c.young, notVisited);
  } else {
    const pending = c.pending;
    listMerge(u32, c.visited, pending);
    listSetSpace(u32, pending, c.visitedSpace ^ 1);
  }
  c.workToDo = 0;
  c.phase = "mark";
}
