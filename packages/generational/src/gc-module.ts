import { fromGc, GC_NEXT, GC_PREV, PREV_MASK_FINALIZED } from "@heaplab/refcount/internals";
import { type GcModule, PyValueError, type SlotVisitor } from "@heaplab/runtime";
import { requireIndex } from "@heaplab/runtime/internals";
import { collectWithCallback, type GcCallback } from "./collect-generations";
import { type GenerationalCollector, HEAD_PERMANENT, NUM_GENERATIONS } from "./collector";
import { listMerge, listSize } from "./gc-list";

/**
 * CPython 3.11's `gc` module over a `GenerationalCollector` (`strategy.gc` of `cpython-3.11`).
 * Object arguments and results are addresses.
 *
 * @example
 * const gc = (rt.strategy as CPythonStrategy).gc;
 * gc.disable();
 * gc.collect(); // what gc.collect() returns
 * gc.getCount(); // [0, 0, 0]
 */
export class CPythonGcModule implements GcModule {
  readonly callbacks: GcCallback[] = [];

  constructor(private readonly c: GenerationalCollector) {}

  get garbage(): number[] {
    return this.c.garbage;
  }

  collect(generation = NUM_GENERATIONS - 1): number {
    requireIndex("generation", generation);
    return this.collectFor(generation, "explicit");
  }

  /** `gc.collect` with a reason for the event stream. @throws PyValueError("invalid generation") */
  collectFor(
    generation: number,
    reason: "explicit" | "allocation" | "threshold" | "memory-pressure" | "shutdown",
  ): number {
    if (!Number.isInteger(generation) || generation < 0 || generation >= NUM_GENERATIONS)
      throw new PyValueError("invalid generation");
    if (this.c.collecting) return 0;
    this.c.collecting = true;
    try {
      return collectWithCallback(this.c, this.callbacks, generation, reason);
    } finally {
      this.c.collecting = false;
    }
  }

  getCount(): [number, number, number] {
    const k = this.c.counts;
    return [k[0]!, k[1]!, k[2]!];
  }

  getThreshold(): [number, number, number] {
    const t = this.c.thresholds;
    return [t[0]!, t[1]!, t[2]!];
  }

  /** `gc.set_threshold(t0[, t1[, t2]])`. @throws PyTypeError / PyValueError for a threshold that is not a C int. */
  setThreshold(t0: number, t1?: number, t2?: number): void {
    // Check all before changing any, so a refused call leaves the thresholds as they were.
    const given: [string, number | undefined][] = [
      ["threshold0", t0],
      ["threshold1", t1],
      ["threshold2", t2],
    ];
    for (const [name, t] of given) {
      if (t === undefined && name !== "threshold0") continue;
      requireIndex(`gc.set_threshold's ${name}`, t);
      if (Math.abs(t as number) > 0x7fffffff)
        throw new PyValueError(`gc.set_threshold's ${name} ${t as number} does not fit in a C int`);
    }
    this.c.thresholds[0] = t0;
    if (t1 !== undefined) this.c.thresholds[1] = t1;
    if (t2 !== undefined) this.c.thresholds[2] = t2;
  }

  enable(): void {
    this.c.enabled = true;
  }

  disable(): void {
    this.c.enabled = false;
  }

  isEnabled(): boolean {
    return this.c.enabled;
  }

  getStats(): { collections: number; collected: number; uncollectable: number }[] {
    return this.c.stats.map((s) => ({ ...s }));
  }

  /** Moves generations 0, 1, 2 (in order) into the permanent generation; all counts become 0. */
  freeze(): void {
    for (let i = 0; i < NUM_GENERATIONS; i++) {
      listMerge(this.c.u32, this.c.head(i), this.c.head(HEAD_PERMANENT));
      this.c.counts[i] = 0;
    }
  }

  /** Moves the permanent generation back into generation 2. */
  unfreeze(): void {
    listMerge(this.c.u32, this.c.head(HEAD_PERMANENT), this.c.head(NUM_GENERATIONS - 1));
  }

  getFreezeCount(): number {
    return listSize(this.c.u32, this.c.head(HEAD_PERMANENT));
  }

  isTracked(obj: number): boolean {
    return obj !== 0 && this.c.isGc(obj) && this.c.isTracked(obj);
  }

  isFinalized(obj: number): boolean {
    return obj !== 0 && this.c.isGc(obj) && (this.c.u32[(obj + GC_PREV) >>> 2]! & PREV_MASK_FINALIZED) !== 0;
  }

  /**
   * Tracked objects of one generation, or of 0, 1 and 2 in order (never the permanent generation).
   * @throws PyValueError for a generation outside 0..2, with CPython's messages.
   */
  getObjects(generation?: number): number[] {
    if (generation !== undefined) {
      if (generation >= NUM_GENERATIONS)
        throw new PyValueError(
          `generation parameter must be less than the number of available generations (${NUM_GENERATIONS})`,
        );
      if (generation < 0) throw new PyValueError("generation parameter cannot be negative");
    }
    const out: number[] = [];
    const from = generation ?? 0;
    const to = generation ?? NUM_GENERATIONS - 1;
    for (let i = from; i <= to; i++) {
      const head = this.c.head(i);
      for (let g = this.c.u32[head >>> 2]!; g !== head; g = this.c.u32[g >>> 2]!) out.push(fromGc(g));
    }
    return out;
  }

  /** Tracked objects in generations 0..2 whose traversal visits any of `objs`. */
  getReferrers(...objs: number[]): number[] {
    const wanted = new Set(objs);
    const out: number[] = [];
    let hit = false;
    const v: SlotVisitor = {
      visit: (slot) => {
        if (wanted.has(this.c.u32[slot >>> 2]!)) hit = true;
      },
    };
    for (const obj of this.getObjects()) {
      hit = false;
      this.c.heap.model.scan(obj, v, "traverse");
      if (hit) out.push(obj);
    }
    return out;
  }

  /** What each GC argument's traversal visits, in traverse order; non-GC arguments give nothing. */
  getReferents(...objs: number[]): number[] {
    const out: number[] = [];
    const v: SlotVisitor = { visit: (slot) => out.push(this.c.u32[slot >>> 2]!) };
    for (const obj of objs) if (obj !== 0 && this.c.isGc(obj)) this.c.heap.model.scan(obj, v, "traverse");
    return out;
  }

  setDebug(flags: number): void {
    requireIndex("gc.set_debug's flags", flags);
    this.c.debug = flags;
  }

  getDebug(): number {
    return this.c.debug;
  }

  /** Empties `gc.garbage` (`del gc.garbage[:]`): emptied first, then its references dropped last to first. */
  clearGarbage(): void {
    const items = this.c.garbage.splice(0);
    for (let i = items.length - 1; i >= 0; i--) this.c.heap.decref(items[i]!);
  }

  /** Whether `obj` is in the permanent generation (frozen). */
  isFrozen(obj: number): boolean {
    if (!this.isTracked(obj)) return false;
    const perm = this.c.head(HEAD_PERMANENT);
    for (let g = this.c.u32[perm >>> 2]!; g !== perm; g = this.c.u32[g >>> 2]!)
      if (g === obj + GC_NEXT) return true;
    return false;
  }
}
