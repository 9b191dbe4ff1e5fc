import type { Params, ParamValue } from "@heaplab/workloads";
import type { CollectionSnapshot } from "../record/collection-snapshot";
import type { LifeWatchResult, WatchRequest } from "../record/life-watch";
import type { Recording } from "../record/recording";
import type { TracingSnapshot } from "../record/tracing-snapshot";

/** What the lab asks one Worker to run: a program under one strategy, recorded. */
export interface JobRequest {
  type: "job";
  program:
    | { kind: "python"; filename: string; source: string }
    | { kind: "workload"; name: string; params: Params };
  strategy: string;
  /** The strategy's settings (`StrategyOptions.settings`). */
  settings: Record<string, ParamValue>;
  heapLimit: number;
  /** Most events recorded. */
  maxEvents: number;
  /** Rerun the program only to follow one object of an earlier run (no output is posted; ends with `life`). */
  watch?: WatchRequest;
}

/** Summary of a finished job. */
export interface JobSummary {
  strategy: string;
  wallMs: number;
  allocations: number;
  collections: number;
  heldBytes: number;
  usedBytes: number;
  exitCode: number;
  /** The strategy keeps reference counts (`Strategy.refcount`). */
  refcounts: boolean;
}

/** What a lab Worker posts back. */
export type JobMessage =
  | { type: "output"; stream: "stdout" | "stderr"; lines: string[] }
  | {
      type: "done";
      summary: JobSummary;
      recording: Recording;
      collections: (CollectionSnapshot | TracingSnapshot)[];
    }
  | { type: "life"; life: LifeWatchResult }
  | { type: "error"; message: string };
