import { GC_NEXT, K_TUPLE, PREV_MASK_FINALIZED, type RefcountHeap } from "@heaplab/refcount/internals";
import { GenerationalCollector } from "../collector";
import { listAppend, listInit, listRemove } from "../gc-list";
import { setOldSpace } from "./old-space";

/** Index of the young generation's list head (`gcstate->young`). */
export const HEAD_YOUNG = 0;
/** Index of `old[0]`'s list head; `old[1]` is the next one. */
export const HEAD_OLD0 = 1;

/** Where the scavenge stands: `GC_PHASE_MARK` (the next increment marks from the roots) or `GC_PHASE_COLLECT`. */
export type IncrementalPhase = "mark" | "collect";

/**
 * The incremental collector's state (CPython 3.14.0–3.14.4 `struct _gc_runtime_state`, `Python/gc.c`)
 * and its side of reference counting, as 3.14.1+ counts (gh-139951): a young generation and one old
 * generation split into two spaces, `old[visited_space]` (objects this scavenge has already scanned or
 * marked) and the other, pending, one. List heads are the 3.11 collector's: young at head 0, `old[0]`
 * and `old[1]` at heads 1 and 2, the permanent generation at head 3, so the shared steps and the
 * verifier read them unchanged.
 *
 * Counting: `young.count` and `heap_size` count *tracked* objects — tracking counts up (and past the
 * threshold schedules a collection), untracking counts down (young never below 0) — while the
 * allocation itself counts nothing. So a short-lived object changes no count, and untracking a tuple in
 * a collection lowers the next `gc.get_count()`.
 *
 * Scheduling: as from 3.12, crossing the threshold only sets `scheduled` (`_Py_ScheduleGC` sets the
 * eval-breaker bit); the strategy runs the increment at the next eval-breaker check (`onScheduled`).
 *
 * The thresholds come from the heap's profile (`CPYTHON_3_14`: young 2000, scale factor 10, unused 0).
 *
 * @example
 * const c = new IncrementalCollector(heap);
 * heap.hooks = c;
 * c.thresholds; // [2000, 10, 0]: young threshold, old[0]'s scan-rate scale factor, unused
 */
export class IncrementalCollector extends GenerationalCollector {
  /** `gcstate->visited_space`: 0 or 1. */
  visitedSpace = 0;
  /** `gcstate->work_to_do`: how many objects increments still owe the old generation (−5000 at start). */
  workToDo = -5000;
  phase: IncrementalPhase = "mark";
  /** `gcstate->heap_size`: tracked objects (the baseline included). */
  heapSize = 0;
  /** Scratch list heads of the increment: `increment`, `survivors`, mark's `reachable`. */
  private readonly scratch: number;

  constructor(heap: RefcountHeap) {
    super(heap);
    this.scratch = (heap.objects.malloc(16 * 3 + 16) + 15) & ~15;
    for (let i = 0; i < 3; i++) listInit(heap.memory.u32, this.scratch + 16 * i);
  }

  /** `gcstate->young.head`. */
  get young(): number {
    return this.head(HEAD_YOUNG);
  }

  /** `&gcstate->old[space].head`. */
  old(space: number): number {
    return this.head(HEAD_OLD0 + space);
  }

  /** The visited old space's head (`GEN_HEAD(1)`). */
  get visited(): number {
    return this.old(this.visitedSpace);
  }

  /** The pending old space's head (`GEN_HEAD(2)`). */
  get pending(): number {
    return this.old(this.visitedSpace ^ 1);
  }

  /** The increment being collected (a local list head in CPython's `gc_collect_increment`). */
  get increment(): number {
    return this.scratch;
  }

  /** Survivors of a region, merged into the visited space afterwards. */
  get survivors(): number {
    return this.scratch + 16;
  }

  /** `mark_all_reachable`'s work list. */
  get reachable(): number {
    return this.scratch + 32;
  }

  /**
   * While set, the allocator's tracking of a new tuple is skipped: 3.14 tracks a tuple only once an item
   * of a GC type is stored (the strategy's store hook does it).
   */
  deferTuples = false;

  /** `_PyObject_GC_TRACK`: append to young with the not-visited space; count up; maybe schedule. */
  override track(obj: number): void {
    if (this.deferTuples && this.heap.kindOf(obj) === K_TUPLE) return;
    const u32 = this.heap.memory.u32;
    listAppend(u32, obj + GC_NEXT, this.young);
    setOldSpace(u32, obj + GC_NEXT, this.visitedSpace ^ 1);
    this.counts[0]!++;
    this.heapSize++;
    if (this.counts[0]! > this.thresholds[0]!) this.triggerGc();
  }

  /** `_Py_TriggerGC`: only while enabled, with a nonzero threshold, outside a collection. */
  private triggerGc(): void {
    if (!this.enabled || this.thresholds[0] === 0 || this.collecting || this.scheduled) return;
    this.scheduled = true;
  }

  /** `_PyObject_GC_UNTRACK`: unlink, keep FINALIZED, count young down (not below 0) and the heap size. */
  override untrack(obj: number): void {
    const u32 = this.heap.memory.u32;
    const g = obj + GC_NEXT;
    if (u32[g >>> 2] === 0) return;
    listRemove(u32, g);
    u32[(g + 8) >>> 2]! &= PREV_MASK_FINALIZED;
    this.noteUntracked(1);
  }

  /** The counting side of `n` untracks done in place (a collection's `untrack_tuples`). */
  noteUntracked(n: number): void {
    this.counts[0] = Math.max(0, this.counts[0]! - n);
    this.heapSize -= n;
  }

  /** 3.14.1+: allocating counts nothing; tracking does. */
  override gcLinked(): void {}

  /** `PyObject_GC_Del`: an object still tracked is unlinked and counted as untracked. */
  override gcDeleted(obj: number): void {
    this.untrack(obj);
  }
}
