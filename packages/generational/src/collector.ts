import {
  GC_NEXT,
  type GcHooks,
  K_TUPLE,
  PREV_MASK_FINALIZED,
  type RefcountHeap,
} from "@heaplab/refcount/internals";
import type { GcProfile } from "@heaplab/runtime";
import { listAppend, listInit, listRemove } from "./gc-list";

/** `NUM_GENERATIONS`. */
export const NUM_GENERATIONS = 3;

/** Indexes of the list heads kept in one block of linear memory. */
export const HEAD_GEN0 = 0;
export const HEAD_PERMANENT = 3;
export const HEAD_UNREACHABLE = 4;
export const HEAD_FINALIZERS = 5;
export const HEAD_WRCB = 6;
export const HEAD_SEEN = 7;
export const HEAD_FINAL_UNREACHABLE = 8;
const HEADS = 9;

/**
 * One generation's statistics (`struct gc_generation_stats`).
 * @example
 * const [young] = (rt.strategy.gc as CPythonGcModule).getStats(); young.collections; // gc.get_stats()[0]
 */
export interface GenerationStats {
  collections: number;
  collected: number;
  uncollectable: number;
}

/**
 * The collector's state (`struct _gc_runtime_state`) and its side of reference counting (`GcHooks`):
 * tracking appends to generation 0's tail, a GC allocation counts up and may trigger a collection
 * (`_PyObject_GC_Link`), a GC deallocation counts down (`PyObject_GC_Del`). The list heads are real
 * `PyGC_Head`s in linear memory. The collection itself is `collect-main.ts`, one step per file.
 *
 * The version's `GcProfile` decides the start thresholds and when a triggered collection runs: inside
 * the allocation (3.11) or at the next eval-breaker check (3.12+: `gcLinked` only sets `scheduled`,
 * `runScheduled` is `_Py_RunGC`).
 *
 * @example
 * const c = new GenerationalCollector(heap);
 * heap.hooks = c;
 */
export class GenerationalCollector implements GcHooks {
  /** Address of the first list head; head `i` is at `heads + 16 * i`. */
  readonly heads: number;
  readonly thresholds: number[];
  readonly counts = [0, 0, 0];
  readonly stats: GenerationStats[] = [0, 1, 2].map(() => ({
    collections: 0,
    collected: 0,
    uncollectable: 0,
  }));
  enabled = true;
  debug = 0;
  /** `gcstate->collecting`: no collection starts while one runs. */
  collecting = false;
  longLivedTotal = 0;
  longLivedPending = 0;
  /** `gc.garbage`, each entry a strong reference. */
  readonly garbage: number[] = [];
  /** Receives DEBUG_* output lines as CPython writes them to stderr (each ends with a newline). */
  writer: ((text: string) => void) | undefined = undefined;
  /** Runs a triggered collection (set by the strategy: `gc_collect_generations`). */
  onThreshold: () => void = () => {};
  /** `gc_scheduled` (3.12+): a collection waits for the next eval-breaker check. */
  scheduled = false;

  constructor(
    readonly heap: RefcountHeap,
    readonly profile: GcProfile = heap.profile.gc,
  ) {
    this.thresholds = [...profile.thresholds];
    this.heads = heap.objects.malloc(16 * HEADS + 16);
    this.heads = (this.heads + 15) & ~15;
    for (let i = 0; i < HEADS; i++) listInit(heap.memory.u32, this.head(i));
  }

  /** Address of list head `i` (`GEN_HEAD(i)` for 0..2, the permanent generation at 3, scratch lists after). */
  head(i: number): number {
    return this.heads + 16 * i;
  }

  get u32(): Uint32Array {
    return this.heap.memory.u32;
  }

  /** Whether `obj` has a `PyGC_Head` (`_PyObject_IS_GC`). */
  isGc(obj: number): boolean {
    return this.heap.kindOf(obj) >= K_TUPLE;
  }

  /** `_PyObject_GC_IS_TRACKED`. */
  isTracked(obj: number): boolean {
    return this.heap.memory.u32[(obj + GC_NEXT) >>> 2] !== 0;
  }

  /** `_PyObject_GC_MAY_BE_TRACKED`: a GC object that is not an untracked exact tuple. */
  mayBeTracked(obj: number): boolean {
    if (obj === 0) return false;
    const k = this.heap.kindOf(obj);
    return k > K_TUPLE || (k === K_TUPLE && this.isTracked(obj));
  }

  track(obj: number): void {
    listAppend(this.heap.memory.u32, obj + GC_NEXT, this.head(HEAD_GEN0));
  }

  untrack(obj: number): void {
    const u32 = this.heap.memory.u32;
    const g = obj + GC_NEXT;
    if (u32[g >>> 2] === 0) return;
    listRemove(u32, g);
    u32[(g + 8) >>> 2]! &= PREV_MASK_FINALIZED;
  }

  /**
   * `_PyObject_GC_Link`: count the allocation; past threshold 0 (enabled, not collecting) collect now
   * (3.11) or schedule the collection for the next eval-breaker check (3.12+, `_Py_ScheduleGC`).
   */
  gcLinked(): void {
    const c0 = ++this.counts[0]!;
    if (c0 > this.thresholds[0]! && this.enabled && this.thresholds[0] !== 0 && !this.collecting) {
      if (this.profile.trigger === "eval-breaker") this.scheduled = true;
      else this.runTriggered();
    }
  }

  /**
   * The GC part of `_Py_HandlePending` (3.12+): if a collection is scheduled, clear the flag and run
   * `_Py_RunGC`, which 3.13 skips while the collector is disabled or already collecting.
   */
  runScheduled(): void {
    if (!this.scheduled) return;
    this.scheduled = false;
    if (this.profile.runChecksEnabled && !this.enabled) return;
    // a collection never starts inside another one (3.13 checks `collecting`; 3.12 cannot meet it in
    // the referee's loop, where every op ends with a check)
    if (this.collecting) return;
    this.runTriggered();
  }

  /** `gc_collect_generations` with `collecting` held. */
  private runTriggered(): void {
    this.collecting = true;
    try {
      this.onThreshold();
    } finally {
      this.collecting = false;
    }
  }

  gcDeleted(obj: number): void {
    const u32 = this.heap.memory.u32;
    const g = obj + GC_NEXT;
    if (u32[g >>> 2] !== 0) listRemove(u32, g);
    if (this.counts[0]! > 0) this.counts[0]!--;
  }
}
