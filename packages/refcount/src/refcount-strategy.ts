import type { CollectReason, Constraints, StrategyEntry, StrategyOptions } from "@heaplab/runtime";
import { RefcountHeap } from "./refcount-heap";

const constraints: Constraints = {
  movesObjects: false,
  generational: false,
  referenceCounting: true,
  reclaimsCycles: false,
  deterministicFinalization: true,
  barrier: "refcount",
  largeObjectThreshold: Number.POSITIVE_INFINITY,
  pinning: true,
  generations: 1,
  largeObjects: "objects never move; blocks above 512 bytes come from the raw allocator",
  // Building the heap takes one 256 KiB region of the raw allocator before the first object.
  minHeapBytes: 256 * 1024,
};

const DESCRIPTION = "reference counting alone, as CPython 3.11 counts, with no cycle collector: cycles leak";

/**
 * The `refcount` strategy: CPython 3.11's reference counting, deallocation order, finalizers, weak
 * references and trashcan, with no cycle collector. Every cycle leaks, visibly: `collect` finds nothing.
 *
 * @example
 * const rt = new Runtime(createRefcountStrategy());
 * rt.scope(() => { const a = rt.newList(); rt.append(a, a); }); // a leaks
 * rt.collect(); // 0
 */
export class RefcountStrategy extends RefcountHeap {
  readonly name = "refcount";
  readonly description = DESCRIPTION;
  readonly constraints = constraints;

  collect(_generation: number, _reason: CollectReason): number {
    return 0;
  }

  collectionCounts(): number[] {
    return [0];
  }

  override verify(): void {
    super.verify();
  }
}

/**
 * Makes a `refcount` strategy; `settings` may set pymalloc's `neverReleaseArenas` and `debugHooks`.
 * @example
 * const rt = new Runtime(createRefcountStrategy({ heapLimit: 16 << 20 }));
 */
export function createRefcountStrategy(options: StrategyOptions = {}): RefcountStrategy {
  return new RefcountStrategy(options);
}

/**
 * The catalog entry of the `refcount` strategy.
 * @example
 * const rt = new Runtime(refcountStrategy.create({ settings: { neverReleaseArenas: true } }));
 */
export const refcountStrategy: StrategyEntry = {
  name: "refcount",
  description: DESCRIPTION,
  create: (options) => createRefcountStrategy(options),
};
