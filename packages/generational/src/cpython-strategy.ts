import { K_DICT, RefcountHeap } from "@heaplab/refcount/internals";
import type { CollectReason, Constraints, StrategyEntry, StrategyOptions } from "@heaplab/runtime";
import { collectGenerations } from "./collect-generations";
import { GenerationalCollector } from "./collector";
import { CPythonGcModule } from "./gc-module";
import { verifyGenerations } from "./verify-generations";

const constraints: Constraints = {
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

const DESCRIPTION =
  "CPython 3.11: reference counting plus the generational cycle collector (700/10/10), free lists, pymalloc";

/**
 * The `cpython-3.11` strategy: `@heaplab/refcount`'s heap (header, counting, deallocation order,
 * trashcan, free lists) with CPython 3.11's generational cycle collector plugged into its hooks, and
 * the `gc` module as `strategy.gc`.
 *
 * @example
 * const rt = new Runtime(cpythonStrategy.create({}));
 * const gc = (rt.strategy as CPythonStrategy).gc;
 * gc.disable();
 * rt.scope(() => { const a = rt.newList(); rt.append(a, a); });
 * rt.collect(2); // 1, as CPython's gc.collect()
 */
export class CPythonStrategy extends RefcountHeap {
  readonly name = "cpython-3.11";
  readonly description = DESCRIPTION;
  readonly constraints = constraints;
  collector!: GenerationalCollector;
  gc!: CPythonGcModule;
  private readonly baseline: number;

  constructor(options: StrategyOptions = {}) {
    super(options);
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
 * Makes a `cpython-3.11` strategy. `settings.baseline` is accepted for the trace replayer (see README);
 * `settings.neverReleaseArenas` and `settings.debugHooks` configure pymalloc.
 * @example
 * const rt = new Runtime(createCPythonStrategy({ heapLimit: 64 << 20 }));
 */
export function createCPythonStrategy(options: StrategyOptions = {}): CPythonStrategy {
  return new CPythonStrategy(options);
}

/**
 * The catalog entry of the `cpython-3.11` strategy.
 * @example
 * const rt = new Runtime(cpythonStrategy.create({}));
 * rt.collect(); // gc.collect(): the cycle collector's count of unreachable objects
 */
export const cpythonStrategy: StrategyEntry = {
  name: "cpython-3.11",
  description: DESCRIPTION,
  create: (options) => createCPythonStrategy(options),
};
