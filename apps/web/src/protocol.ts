import type { HeapMap, RunResult } from "@heaplab/compare";
import type { Params } from "@heaplab/workloads";

/** The page asks the worker to run a comparison. */
export interface RunRequest {
  type: "run";
  workloads: { name: string; params: Params }[];
  strategies: string[];
}

/** What the worker reports. */
export type WorkerMessage =
  | {
      type: "progress";
      run: number;
      runs: number;
      workload: string;
      strategy: string;
      done: number;
      total: number;
    }
  | { type: "result"; result: RunResult; map: HeapMap }
  | { type: "done"; findings: [string, string[]][] }
  | { type: "error"; message: string };
