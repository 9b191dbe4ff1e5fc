import type { IncrementalCollector } from "./incremental-collector";
import { markAllReachable, moveToVisited } from "./mark-reachable";

/**
 * The interpreter's roots as heaplab has them: CPython's `mark_global_roots` starts from `sysdict`,
 * `builtins`, the interpreter dict and the static types' dicts, `mark_stacks` from every frame's locals
 * and stack. In heaplab what the interpreter and the program hold is what the mutator holds: the
 * handles (the trace replayer's registers list, which the referee keeps as a module global, and every
 * value an op holds while it runs, the frame's locals), plus the baseline objects the strategy keeps as
 * the interpreter's own rooted objects (`rootedExtras`). Objects the strategy keeps alive but that no
 * root reaches (`settings.unrootedBaseline`, the interpreter's objects held only from C) are not
 * roots: a mark leaves them pending, as CPython leaves its ~1,000 such objects.
 */
export function forEachRoot(
  c: IncrementalCollector,
  rootedExtras: readonly number[],
  visit: (op: number) => void,
): void {
  const roots = c.heap.heap.roots;
  roots.forEachRoot((slot) => visit(roots.addrs[slot]!));
  for (const op of rootedExtras) visit(op);
}

/**
 * `mark_stacks`: the objects the running code holds, and all they reach, move to the visited space.
 * At the start of a scavenge (`start`) CPython walks every frame; later it walks frames until one it
 * has already seen, whose locals it still scans first. heaplab's handles are that frame's values, so
 * both walk the handles; at a later increment the registers list and the baseline were marked at the
 * start and move nothing again.
 * @returns how many objects moved.
 */
export function markStacks(c: IncrementalCollector, rootedExtras: readonly number[]): number {
  const reachable = c.reachable;
  let marked = 0;
  forEachRoot(c, rootedExtras, (op) => {
    marked += moveToVisited(c, op, reachable);
  });
  return marked + markAllReachable(c, reachable, c.visited);
}

/**
 * `mark_at_start`, the MARK phase's whole increment: everything transitively reachable from the roots
 * moves to the visited space, so later increments need only look at what the roots do not reach (the
 * pending space: where unreachable cycles can be). Nothing is checked for cycles and nothing is freed.
 * CPython subtracts the marked count from `work_to_do` here and `gc_collect_increment` subtracts it
 * once more, so a mark earns twice its size of increments that pull nothing from the pending space.
 * After: `phase` is COLLECT.
 * @returns how many objects it marked.
 */
export function markAtStart(c: IncrementalCollector, rootedExtras: readonly number[]): number {
  const marked = markStacks(c, rootedExtras);
  c.workToDo -= marked;
  c.phase = "collect";
  return marked;
}
