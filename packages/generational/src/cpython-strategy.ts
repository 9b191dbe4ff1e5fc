import { K_DICT, RefcountHeap } from "@heaplab/refcount/internals";
import {
  type CollectReason,
  type Constraints,
  CPYTHON_3_11,
  CPYTHON_3_12,
  CPYTHON_3_13,
  type CPythonProfile,
  type StrategyEntry,
  type StrategyOptions,
} from "@heaplab/runtime";
import { collectGenerations } from "./collect-generations";
import { GenerationalCollector } from "./collector";
import { CPythonGcModule } from "./gc-module";
import { verifyGenerations } from "./verify-generations";

/**
 * What every `cpython-3.x` strategy is, as data: reference counting plus a generational cycle
 * collector that never moves objects (3.14's incremental collector included, which shares it).
 */
export const CPYTHON_CONSTRAINTS: Constraints = {
  movesObjects: false,
  generational: true,
  referenceCounting: true,
  reclaimsCycles: true,
  deterministicFinalization: true,
  barrier: "refcount",
  largeObjectThreshold: 512,
  pinning: true,
  generations: 3,
  largeObjects: "objects never move; blocks above 512 bytes bypass pymalloc for the raw allocator",
  // Building the heap takes one 256 KiB region of the raw allocator before the first object.
  minHeapBytes: 256 * 1024,
};

/**
 * A `cpython-3.x` strategy: `@heaplab/refcount`'s heap (header, counting, immortality, deallocation
 * order, trashcan, free lists) with the generational cycle collector plugged into its hooks and the
 * `gc` module as `strategy.gc`, each reading the version's `CPythonProfile` (thresholds, when an
 * automatic collection runs, immortal objects, the objects frozen at start). Every version is this one
 * class with another profile: `cpython-3.11` is `new CPythonStrategy(options, CPYTHON_3_11)`.
 *
 * @example
 * const rt = new Runtime(cpythonStrategy.create({}));
 * const gc = (rt.strategy as CPythonStrategy).gc;
 * gc.disable();
 * rt.scope(() => { const a = rt.newList(); rt.append(a, a); });
 * rt.collect(2); // 1, as CPython's gc.collect()
 */
export class CPythonStrategy extends RefcountHeap {
  readonly name: string;
  readonly description: string;
  readonly constraints = CPYTHON_CONSTRAINTS;
  collector!: GenerationalCollector;
  gc!: CPythonGcModule;
  private readonly baseline: number;

  constructor(options: StrategyOptions = {}, profile: CPythonProfile = CPYTHON_3_11) {
    super(options, profile);
    this.name = profile.strategyName;
    this.description = profile.description;
    const b = options.settings?.baseline;
    this.baseline = typeof b === "number" ? b : 0;
  }

  override attach(heap: Parameters<RefcountHeap["attach"]>[0]): void {
    super.attach(heap);
    this.collector = new GenerationalCollector(this);
    this.hooks = this.collector;
    this.gc = new CPythonGcModule(this.collector);
    this.collector.onThreshold = () => {
      collectGenerations(this.collector, this.gc.callbacks);
    };
    this.makeBaseline();
    this.makeImmortalContainers();
  }

  /**
   * The eval-breaker check (3.12+): a collection `_PyObject_GC_Link` scheduled runs now. Under 3.11
   * nothing is ever scheduled, so this does nothing.
   */
  evalBreaker(): void {
    this.collector.runScheduled();
  }

  /** Objects the strategy holds for `settings.baseline`: inert, long-lived, in generation 2. */
  private readonly baselineObjects: number[] = [];

  /**
   * `settings.baseline = N`: N inert empty lists in generation 2, as the interpreter's own long-lived
   * objects are when a trace starts (they count in `long_lived_total` and in `gc.get_freeze_count()`).
   */
  private makeBaseline(): void {
    const list = this.heap.types.byName("list")!;
    for (let i = 0; i < this.baseline; i++) this.baselineObjects.push(this.allocate(list, 32));
    this.gc.collect(2);
    this.collector.counts.fill(0);
    for (const s of this.collector.stats) {
      s.collections = 0;
      s.collected = 0;
    }
  }

  /** The interpreter's own immortal containers (`profile.gc.immortalContainersAtStart`). */
  private readonly immortalContainers: number[] = [];

  /**
   * `profile.gc.immortalContainersAtStart` inert immortal empty lists in the permanent generation (375
   * on 3.12.1), so `gc.get_freeze_count()` reads as the version's does; a collection that meets one
   * after `gc.unfreeze()` moves it back (`update_refs`).
   */
  private makeImmortalContainers(): void {
    const n = this.profile.gc.immortalContainersAtStart;
    const immortal = this.profile.refcount.immortalRefcnt;
    if (n === 0 || immortal === null) return;
    const list = this.heap.types.byName("list")!;
    for (let i = 0; i < n; i++) {
      const obj = this.allocate(list, 32);
      this.setRefcnt(obj, immortal);
      this.statics.add(obj);
      this.immortalContainers.push(obj);
    }
    this.gc.freeze();
    this.collector.counts.fill(0);
  }

  /** `MAINTAIN_TRACKING`: a store of a may-be-tracked key or value into an untracked dict tracks it. */
  protected override noteStore(obj: number, value: number): void {
    if (
      value !== 0 &&
      this.kindOf(obj) === K_DICT &&
      !this.collector.isTracked(obj) &&
      this.collector.mayBeTracked(value)
    )
      this.collector.track(obj);
  }

  collect(generation: number, reason: CollectReason): number {
    return this.gc.collectFor(generation, reason);
  }

  collectionCounts(): number[] {
    return this.collector.stats.map((s) => s.collections);
  }

  override forEachExtraReference(visit: (obj: number) => void): void {
    for (const obj of this.collector.garbage) visit(obj);
    for (const obj of this.baselineObjects) visit(obj);
  }

  override verify(): void {
    super.verify();
    verifyGenerations(this.collector);
  }
}

/**
 * Makes a `cpython-3.x` strategy for `profile` (3.11 by default). `settings.baseline` is accepted for
 * the trace replayer (see README); `settings.neverReleaseArenas` and `settings.debugHooks` configure
 * pymalloc.
 * @example
 * const s = createCPythonStrategy({}, CPYTHON_3_12); // s.name === "cpython-3.12"
 */
export function createCPythonStrategy(
  options: StrategyOptions = {},
  profile: CPythonProfile = CPYTHON_3_11,
): CPythonStrategy {
  return new CPythonStrategy(options, profile);
}

/**
 * The catalog entry of the `cpython-3.x` strategy that `profile` describes.
 * @example
 * const entry = cpythonStrategyFor(CPYTHON_3_13); // entry.name === "cpython-3.13"
 */
export function cpythonStrategyFor(profile: CPythonProfile): StrategyEntry {
  return {
    name: profile.strategyName,
    description: profile.description,
    create: (options) => createCPythonStrategy(options, profile),
  };
}

/**
 * The catalog entry of the `cpython-3.11` strategy.
 * @example
 * const rt = new Runtime(cpythonStrategy.create({}));
 * rt.collect(); // gc.collect(): the cycle collector's count of unreachable objects
 */
export const cpythonStrategy: StrategyEntry = cpythonStrategyFor(CPYTHON_3_11);

/**
 * The catalog entry of the `cpython-3.12` strategy (checked against 3.12.1).
 * @example
 * const rt = new Runtime(cpython312Strategy.create({}));
 */
export const cpython312Strategy: StrategyEntry = cpythonStrategyFor(CPYTHON_3_12);

/**
 * The catalog entry of the `cpython-3.13` strategy (checked against 3.13.0).
 * @example
 * const rt = new Runtime(cpython313Strategy.create({}));
 */
export const cpython313Strategy: StrategyEntry = cpythonStrategyFor(CPYTHON_3_13);

/**
 * Every `cpython-3.x` strategy this package ships, oldest first (the catalog spreads it).
 * @example
 * cpythonStrategies.map((e) => e.name); // ["cpython-3.11", "cpython-3.12", "cpython-3.13"]
 */
export const cpythonStrategies: readonly StrategyEntry[] = [
  cpythonStrategy,
  cpython312Strategy,
  cpython313Strategy,
];
