import type { SweepRun, SweepTask } from "./measure";
import {
  checkPlan,
  planHash,
  type Shard,
  type SweepPair,
  type SweepPlan,
  shardPairs,
  sweepPairs,
} from "./plan";
import { type SweepPairResult, type SweepResult, sweepPoint } from "./result";
import { findMinimumHeap } from "./search";

/**
 * Heap sizes are whole 64 KiB units (WebAssembly's page size).
 *
 * @example
 * Math.ceil((minBytes * 1.5) / HEAP_GRANULE) * HEAP_GRANULE; // the 1.5× heap
 */
export const HEAP_GRANULE = 64 * 1024;
/** The minimum-heap search starts at 1 MiB and gives up past 1 GiB. */
const SEARCH_START = 1 << 20;
const SEARCH_MAX = 1 << 30;

/**
 * How to run a sweep: where each run happens (a worker pool, or this thread in tests).
 * @example
 * await runSweep(plan, { shard: null, workers: 1, runTask: async (task) => measureSweepRun(task, catalog) });
 */
export interface SweepOptions {
  shard: Shard | null;
  /** Runs one task somewhere and resolves with what it measured. Called concurrently. */
  runTask: (task: SweepTask) => Promise<SweepRun>;
  /** How many workers `runTask` uses (recorded in the result). */
  workers: number;
  /** Called after each pair finishes. */
  onPair?: (done: number, total: number, pair: SweepPairResult) => void;
}

/**
 * Runs a sweep (or one shard of it): for each workload × strategy pair, finds the minimum heap in
 * which the run completes (`findMinimumHeap`, one run per probe), then runs it `plan.runs` times at
 * each multiple of that heap. Pairs proceed concurrently and every run is a separate task, so a pool
 * of N workers keeps N runs going; the result lists pairs in job-list order whatever finished first.
 *
 * @example
 * const result = await runSweep(plan, { shard: null, workers: 1, runTask: async (t) => measureSweepRun(t, catalog) });
 */
export async function runSweep(plan: SweepPlan, options: SweepOptions): Promise<SweepResult> {
  checkPlan(plan);
  const t0 = performance.now();
  const pairs = shardPairs(sweepPairs(plan), options.shard);
  let done = 0;
  const results = await Promise.all(
    pairs.map(async (pair) => {
      const r = await sweepPair(plan, pair, options.runTask);
      options.onPair?.(++done, pairs.length, r);
      return r;
    }),
  );
  return {
    format: "heaplab-sweep/1",
    planHash: planHash(plan),
    plan,
    shard: options.shard,
    elapsedSeconds: (performance.now() - t0) / 1000,
    workers: options.workers,
    pairs: results,
  };
}

/** One pair: the search, then every multiple's runs (all at once: the pool queues them). */
async function sweepPair(
  plan: SweepPlan,
  pair: SweepPair,
  runTask: SweepOptions["runTask"],
): Promise<SweepPairResult> {
  const task = (heapLimit: number, warmup: boolean): SweepTask => ({
    workload: pair.workload,
    params: pair.params,
    strategy: pair.strategy,
    heapLimit,
    seed: plan.seed,
    ...(plan.settings[pair.strategy] ? { settings: { ...plan.settings[pair.strategy] } } : {}),
    warmup,
  });
  let lastError: string | null = null;
  const min = await findMinimumHeap(
    async (h) => {
      const r = await runTask(task(h, false));
      if (!r.completed) lastError = r.error;
      return r.completed;
    },
    { start: SEARCH_START, max: SEARCH_MAX, precision: plan.searchPrecision, granule: HEAP_GRANULE },
  );
  const base = { index: pair.index, workload: pair.workload, params: pair.params, strategy: pair.strategy };
  if (min.bytes === null)
    return { ...base, minHeapBytes: null, searchProbes: min.probes, searchError: lastError, points: [] };
  const minBytes = min.bytes;
  const points = await Promise.all(
    plan.multiples.map(async (m) => {
      const heap = Math.ceil((minBytes * m) / HEAP_GRANULE) * HEAP_GRANULE;
      const runs = await Promise.all(Array.from({ length: plan.runs }, () => runTask(task(heap, true))));
      return sweepPoint(m, heap, runs);
    }),
  );
  return { ...base, minHeapBytes: minBytes, searchProbes: min.probes, searchError: null, points };
}
