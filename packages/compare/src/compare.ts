import type { Runtime } from "@heaplab/runtime";
import type { Params, ParamValue, Workload } from "@heaplab/workloads";
import { type RepeatOptions, runRepeated } from "./repeat";
import type { RunResult } from "./result";

/**
 * A workload with the parameters to run it with.
 * @example
 * const choice: WorkloadChoice = { workload: "binary-trees", params: { depth: 10 } };
 */
export interface WorkloadChoice {
  workload: string | Workload;
  params?: Params;
}

/**
 * Options for `compareStrategies`.
 * @example
 * compareStrategies([{ workload: "list-cycle" }], ["refcount"], { catalog, runs: 3, settings: { clr: { GCgen0size: 1 << 20 } } });
 */
export interface CompareOptions extends Omit<RepeatOptions, "onProgress" | "onEnd"> {
  /** Called when each run's program has ended (see `RunOptions.onEnd`), with the run's index. */
  onEnd?: (rt: Runtime, run: number) => void;
  /** Strategy-specific settings, by strategy name. */
  settings?: Record<string, Record<string, ParamValue>>;
  /** Called before each run and while it progresses: run index (0-based), total runs, and the run's own progress. */
  onProgress?: (p: {
    run: number;
    runs: number;
    workload: string;
    strategy: string;
    done: number;
    total: number;
  }) => void;
}

/**
 * Runs every workload under every strategy (workload-major, so one workload's rows sit together),
 * each pair `warmupRuns` times unmeasured and then `runs` times measured (see `runRepeated`).
 *
 * @example
 * const results = compareStrategies([{ workload: "list-cycle" }], catalog.names(), { catalog });
 */
export function compareStrategies(
  choices: readonly WorkloadChoice[],
  strategies: readonly string[],
  options: CompareOptions,
): RunResult[] {
  const out: RunResult[] = [];
  const runs = choices.length * strategies.length;
  for (const c of choices) {
    const name = typeof c.workload === "string" ? c.workload : c.workload.name;
    for (const s of strategies) {
      const run = out.length;
      options.onProgress?.({ run, runs, workload: name, strategy: s, done: 0, total: 1 });
      const settings = options.settings?.[s];
      out.push(
        runRepeated(
          {
            workload: c.workload,
            strategy: s,
            ...(c.params ? { params: c.params } : {}),
            ...(settings ? { settings } : {}),
          },
          {
            ...options,
            onEnd: (rt) => options.onEnd?.(rt, run),
            onProgress: (done, total) =>
              options.onProgress?.({ run, runs, workload: name, strategy: s, done, total }),
          },
        ),
      );
    }
  }
  return out;
}
