import type { CompareOptions, HeapMap, RunResult } from "@heaplab/compare";
import type { Params, ParamValue } from "@heaplab/workloads";

/** The page asks the worker to run a comparison. */
export interface RunRequest {
  type: "run";
  workloads: { name: string; params: Params }[];
  strategies: string[];
  /** Heap limit of every run, in bytes. */
  heapLimit: number;
  /** Settings by strategy name. */
  settings: Record<string, Record<string, ParamValue>>;
  /** Measured runs per workload and strategy (timings are their median and range). */
  runs: number;
  /** Unmeasured runs before them (the JIT compiling the collector). */
  warmupRuns: number;
}

/**
 * The CPython version findings (`versionFindings`) as arrays, for the page: what holds on every
 * workload, then each workload's lines.
 */
export interface VersionLines {
  general: string[];
  byWorkload: [string, string[]][];
}

/** What the worker reports. */
export type WorkerMessage =
  | ({ type: "progress" } & Parameters<NonNullable<CompareOptions["onProgress"]>>[0])
  | { type: "result"; result: RunResult; map: HeapMap }
  | { type: "done"; findings: [string, string[]][]; versions: VersionLines }
  | { type: "error"; message: string };
