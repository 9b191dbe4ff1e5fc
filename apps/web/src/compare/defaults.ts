/**
 * What the comparison starts with. Chosen so that every strategy with a collector collects in each
 * workload (`test/compare-defaults.test.ts` runs them to check): the lab's small heaps
 * (`engine/small-heap.ts`) and scale 8. `leak-global-cache-fixed` is left out: its objects are ones
 * CPython's cycle collector never tracks, so `cpython-3.11` would show no collection there.
 *
 * @example
 * for (const w of DEFAULT_WORKLOADS) paramsFor(w, DEFAULT_SCALE);
 */
export const DEFAULT_WORKLOADS: readonly string[] = ["list-cycle", "leak-global-cache", "del-resources"];

/** The scale control's first value: the workloads' counts times 8. */
export const DEFAULT_SCALE = 8;

/** Unmeasured runs before the measured ones: V8 compiles the collector's code on its first run. */
export const WARMUP_RUNS = 1;

/** Measured runs to start with: three give a median and a range. */
export const DEFAULT_RUNS = 3;
