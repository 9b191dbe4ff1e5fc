import { K_DICT, K_TUPLE, RefcountHeap } from "@heaplab/refcount/internals";
import {
  type CollectReason,
  CPYTHON_3_14,
  type StrategyEntry,
  type StrategyOptions,
  type TypeInfo,
} from "@heaplab/runtime";
import { CPYTHON_CONSTRAINTS } from "../cpython-strategy";
import { verifyGenerations } from "../verify-generations";
import { IncrementalCollector } from "./incremental-collector";
import { IncrementalGcModule } from "./incremental-gc-module";
import { verifySpaces } from "./verify-spaces";

/**
 * The `cpython-3.14` strategy: `@heaplab/refcount`'s heap with CPython 3.14's incremental cycle
 * collector (`IncrementalCollector`, the steps in `incremental/`) in its hooks and the 3.14 `gc` module
 * as `strategy.gc`. What 3.14 changed around the collector is here too: every dict is tracked from
 * creation (gh-127010), and a new tuple is tracked only if one of its items is of a GC type
 * (gh-139951; an empty or untracked tuple item counts, an int or str does not), so counting a tuple of
 * atomic values never moves `gc.get_count()`.
 *
 * Settings (for the trace replayer): `baseline` N inert long-lived objects rooted like the
 * interpreter's own (a mark reaches them), `unrootedBaseline` M more that only C code holds (a mark
 * leaves them pending, so an increment has to scan them).
 *
 * @example
 * const rt = new Runtime(cpython314Strategy.create({}));
 * const gc = rt.strategy.gc!;
 * gc.getThreshold(); // [2000, 10, 0]
 * gc.collect(1); // 0: the first increment after a full collection only marks from the roots
 */
export class CPython314Strategy extends RefcountHeap {
  readonly name = CPYTHON_3_14.strategyName;
  readonly description = CPYTHON_3_14.description;
  readonly constraints = CPYTHON_CONSTRAINTS;
  collector!: IncrementalCollector;
  gc!: IncrementalGcModule;
  private readonly baseline: number;
  private readonly unrootedBaseline: number;
  /** The rooted baseline objects, which `mark_at_start` starts from beside the handles. */
  private readonly baselineObjects: number[] = [];
  /** Objects only "C" holds: alive for the collector, unreached by any mark. */
  private readonly unrootedObjects: number[] = [];

  constructor(options: StrategyOptions = {}) {
    super(options, CPYTHON_3_14);
    const b = options.settings?.baseline;
    const u = options.settings?.unrootedBaseline;
    this.baseline = typeof b === "number" ? b : 0;
    this.unrootedBaseline = typeof u === "number" ? u : 0;
  }

  override attach(heap: Parameters<RefcountHeap["attach"]>[0]): void {
    super.attach(heap);
    this.collector = new IncrementalCollector(this);
    this.hooks = this.collector;
    this.gc = new IncrementalGcModule(this.collector, this.baselineObjects);
    this.makeBaseline();
  }

  /** The baseline objects: inert empty lists, in the old space after a full collection; counts zeroed. */
  private makeBaseline(): void {
    const list = this.heap.types.byName("list")!;
    for (let i = 0; i < this.baseline; i++) this.baselineObjects.push(this.allocate(list, 32));
    for (let i = 0; i < this.unrootedBaseline; i++) this.unrootedObjects.push(this.allocate(list, 32));
    this.gc.collect(2);
    this.collector.counts.fill(0);
    for (const s of this.collector.stats) {
      s.collections = 0;
      s.collected = 0;
    }
  }

  /** 3.14: a dict is tracked as soon as it is made; a tuple waits for an item of a GC type (`noteStore`). */
  override allocate(t: TypeInfo, bodyBytes: number): number {
    this.collector.deferTuples = true;
    let obj: number;
    try {
      obj = super.allocate(t, bodyBytes);
    } finally {
      this.collector.deferTuples = false;
    }
    if (this.kindOf(obj) === K_DICT) this.collector.track(obj);
    return obj;
  }

  /**
   * Tuple creation tracks the tuple when an item's type is a GC type (`_PyObject_IS_GC`: lists, dicts,
   * instances, any tuple). Items are stored only while the tuple is made, so tracking at the first such
   * store puts it where CPython's tracking after the last store does: nothing is allocated in between.
   */
  protected override noteStore(obj: number, value: number): void {
    if (
      value !== 0 &&
      this.kindOf(obj) === K_TUPLE &&
      !this.collector.isTracked(obj) &&
      this.collector.isGc(value)
    )
      this.collector.track(obj);
  }

  collect(generation: number, reason: CollectReason): number {
    return this.gc.collectFor(generation, reason);
  }

  /** An eval-breaker check: a collection the tracking scheduled runs here (`_Py_RunGC`: an increment). */
  evalBreaker(): void {
    const c = this.collector;
    if (!c.scheduled) return;
    c.scheduled = false;
    if (!c.enabled) return;
    this.gc.collectFor(1, "threshold");
  }

  collectionCounts(): number[] {
    return this.collector.stats.map((s) => s.collections);
  }

  override forEachExtraReference(visit: (obj: number) => void): void {
    for (const obj of this.collector.garbage) visit(obj);
    for (const obj of this.baselineObjects) visit(obj);
    for (const obj of this.unrootedObjects) visit(obj);
  }

  override verify(): void {
    super.verify();
    verifyGenerations(this.collector);
    verifySpaces(this.collector);
  }
}

/** Makes a `cpython-3.14` strategy (`settings`: `baseline`, `unrootedBaseline`, pymalloc's). */
export function createCPython314Strategy(options: StrategyOptions = {}): CPython314Strategy {
  return new CPython314Strategy(options);
}

/** The catalog entry of the `cpython-3.14` strategy. */
export const cpython314Strategy: StrategyEntry = {
  name: CPYTHON_3_14.strategyName,
  description: CPYTHON_3_14.description,
  create: (options) => createCPython314Strategy(options),
};
