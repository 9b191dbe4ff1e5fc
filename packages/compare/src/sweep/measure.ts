import type { StrategyCatalog } from "@heaplab/runtime";
import type { Params, ParamValue } from "@heaplab/workloads";
import { runRepeated } from "../repeat";

/**
 * One run of a sweep, as a worker receives it: plain data, so it crosses a thread boundary.
 * @example
 * const task: SweepTask = { workload: "temporaries", params: {}, strategy: "clr", heapLimit: 8 << 20, seed: 1 };
 */
export interface SweepTask {
  workload: string;
  params: Params;
  strategy: string;
  heapLimit: number;
  seed: number;
  settings?: Record<string, ParamValue>;
  /**
   * Warm up first: run once unmeasured if this thread has not yet run this workload under this strategy
   * (a worker's first run of a strategy is mostly V8 compiling it). Search probes, which are not timed,
   * pass false.
   */
  warmup: boolean;
}

/**
 * What one run of a sweep measured.
 * @example
 * const run = measureSweepRun(task, catalog); if (!run.completed) console.log(run.error);
 */
export interface SweepRun {
  /** The program ran to its end in this heap. */
  completed: boolean;
  /** Why it did not (a MemoryError, a strategy refusing so small a heap), or null. */
  error: string | null;
  wallSeconds: number;
  /** Collections of every generation. */
  collections: number;
  totalPauseMs: number;
  maxPauseMs: number;
  p99PauseMs: number;
  /** Minimum mutator utilisation over 5 ms windows (null: the run was shorter). */
  mmu: number | null;
  /** Most bytes the strategy held from the operating system. */
  peakHeapBytes: number;
}

/** The workload × strategy pairs this thread has run (its JIT has compiled their code). */
const warmed = new Set<string>();

/**
 * Runs one sweep task on this thread and reduces the result to the numbers a sweep plots. A strategy
 * that refuses to be built in so small a heap counts as a run that did not complete.
 *
 * @example
 * measureSweepRun({ workload: "temporaries", params: {}, strategy: "clr", heapLimit: 8 << 20, seed: 1, warmup: false }, catalog);
 */
export function measureSweepRun(task: SweepTask, catalog: StrategyCatalog): SweepRun {
  const key = `${task.workload}\u0000${task.strategy}\u0000${JSON.stringify(task.params)}`;
  const warmup = task.warmup && !warmed.has(key);
  warmed.add(key);
  try {
    const r = runRepeated(
      {
        workload: task.workload,
        strategy: task.strategy,
        params: task.params,
        ...(task.settings ? { settings: task.settings } : {}),
      },
      { catalog, heapLimit: task.heapLimit, seed: task.seed, runs: 1, warmupRuns: warmup ? 1 : 0 },
    );
    return {
      completed: r.error === null,
      error: r.error,
      wallSeconds: r.wallSeconds,
      collections: Object.values(r.collections).reduce((a, b) => a + b, 0),
      totalPauseMs: r.totalPauseMs,
      maxPauseMs: r.maxPauseMs,
      p99PauseMs: r.p99PauseMs,
      mmu: r.mmu,
      peakHeapBytes: r.peakHeapBytes,
    };
  } catch (e) {
    return {
      completed: false,
      error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      wallSeconds: 0,
      collections: 0,
      totalPauseMs: 0,
      maxPauseMs: 0,
      p99PauseMs: 0,
      mmu: null,
      peakHeapBytes: 0,
    };
  }
}
