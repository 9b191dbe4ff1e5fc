import { HeaplabError } from "@heaplab/runtime";
import type { Params } from "@heaplab/workloads";
import { csvCell } from "../result";
import { median } from "../spread";
import type { SweepRun } from "./measure";
import { type Shard, type SweepPair, type SweepPlan, sweepPairs } from "./plan";

/**
 * The sweep's figures at one heap size: every run, and the medians of the runs that completed.
 * @example
 * for (const point of pair.points) console.log(point.multiple, point.median.wallSeconds);
 */
export interface SweepPoint {
  multiple: number;
  heapBytes: number;
  runs: SweepRun[];
  /** Runs that completed (a heap near the minimum may fail where the search's probe did not). */
  completed: number;
  median: {
    wallSeconds: number | null;
    collections: number | null;
    totalPauseMs: number | null;
    maxPauseMs: number | null;
    p99PauseMs: number | null;
  };
}

/**
 * One workload × strategy of a sweep.
 * @example
 * for (const pair of result.pairs) console.log(pair.workload, pair.strategy, pair.minHeapBytes);
 */
export interface SweepPairResult {
  index: number;
  workload: string;
  params: Params;
  strategy: string;
  /** Smallest heap (bytes) the run completed in, or null when it never did up to the search's ceiling. */
  minHeapBytes: number | null;
  /** Runs the search made. */
  searchProbes: number;
  /** Why no minimum heap was found (the largest probe's error), or null. */
  searchError: string | null;
  points: SweepPoint[];
}

/**
 * A sweep's output file (one shard's, or the merged whole when `shard` is null).
 * @example
 * const result = await runSweep(plan, { shard: null, runTask, workers: 2 });
 * writeFileSync("sweep.csv", sweepCsv(result));
 */
export interface SweepResult {
  format: "heaplab-sweep/1";
  /** `planHash(plan)`: merge joins only shards of the same plan. */
  planHash: string;
  plan: SweepPlan;
  /** Which slice this file holds; null for the whole job list. */
  shard: Shard | null;
  /** Seconds the sweep (or shard) took, and with how many workers. */
  elapsedSeconds: number;
  workers: number;
  pairs: SweepPairResult[];
}

/**
 * The point at one heap size from its runs.
 *
 * @example
 * sweepPoint(2, 8 << 20, runs).median.wallSeconds;
 */
export function sweepPoint(multiple: number, heapBytes: number, runs: SweepRun[]): SweepPoint {
  const ok = runs.filter((r) => r.completed);
  const med = (f: (r: SweepRun) => number): number | null => median(ok.map(f));
  return {
    multiple,
    heapBytes,
    runs,
    completed: ok.length,
    median: {
      wallSeconds: med((r) => r.wallSeconds),
      collections: med((r) => r.collections),
      totalPauseMs: med((r) => r.totalPauseMs),
      maxPauseMs: med((r) => r.maxPauseMs),
      p99PauseMs: med((r) => r.p99PauseMs),
    },
  };
}

/**
 * The columns of `sweep.csv`: one row per run.
 *
 * @example
 * SWEEP_CSV_FIELDS.indexOf("heapBytes"); // 5
 */
export const SWEEP_CSV_FIELDS = [
  "workload",
  "strategy",
  "params",
  "minHeapBytes",
  "multiple",
  "heapBytes",
  "run",
  "completed",
  "wallSeconds",
  "collections",
  "totalPauseMs",
  "maxPauseMs",
  "p99PauseMs",
  "mmu",
  "peakHeapBytes",
  "error",
] as const;

/**
 * CSV of a sweep, one row per run (a pair with no minimum heap gets one row saying why).
 *
 * @example
 * sweepCsv(result).split("\n")[0]; // "workload,strategy,params,minHeapBytes,…"
 */
export function sweepCsv(result: SweepResult): string {
  const lines = [SWEEP_CSV_FIELDS.join(",")];
  for (const p of result.pairs) {
    if (p.minHeapBytes === null) {
      lines.push(
        [p.workload, p.strategy, p.params, "", "", "", "", false, "", "", "", "", "", "", "", p.searchError]
          .map(csvCell)
          .join(","),
      );
      continue;
    }
    for (const pt of p.points)
      pt.runs.forEach((r, i) => {
        lines.push(
          [
            p.workload,
            p.strategy,
            p.params,
            p.minHeapBytes,
            pt.multiple,
            pt.heapBytes,
            i + 1,
            r.completed,
            r.wallSeconds,
            r.collections,
            r.totalPauseMs,
            r.maxPauseMs,
            r.p99PauseMs,
            r.mmu,
            r.peakHeapBytes,
            r.error,
          ]
            .map(csvCell)
            .join(","),
        );
      });
  }
  return lines.join("\n");
}

/**
 * Reads a sweep file's parsed JSON, refusing anything that is not one.
 * @throws HeaplabError naming `source`
 */
function asSweep(value: unknown, source: string): SweepResult {
  const v = value as Partial<SweepResult> | null;
  if (v === null || typeof v !== "object" || v.format !== "heaplab-sweep/1" || !Array.isArray(v.pairs))
    throw new HeaplabError(`${source} is not a heaplab sweep file (no "format": "heaplab-sweep/1")`);
  return v as SweepResult;
}

/**
 * Joins shard outputs into one result. Every file must record the same plan hash (the same job list),
 * each shard must appear once, and together they must cover every pair.
 * @throws HeaplabError: a file from another sweep, a shard twice, a missing shard or pair
 *
 * @example
 * mergeSweeps([{ source: "s1.json", value: JSON.parse(a) }, { source: "s2.json", value: JSON.parse(b) }]);
 */
export function mergeSweeps(files: readonly { source: string; value: unknown }[]): SweepResult {
  if (files.length === 0) throw new HeaplabError("sweep merge needs at least one shard file");
  const sweeps = files.map((f) => ({ source: f.source, sweep: asSweep(f.value, f.source) }));
  const first = sweeps[0]!;
  for (const s of sweeps) {
    if (s.sweep.planHash !== first.sweep.planHash)
      throw new HeaplabError(
        `${s.source} is from another sweep: its job list hash ${s.sweep.planHash} is not ${first.sweep.planHash} (${first.source})`,
      );
  }
  const seen = new Map<number, string>();
  for (const s of sweeps) {
    const key = s.sweep.shard === null ? 0 : s.sweep.shard.index;
    const other = seen.get(key);
    if (other !== undefined)
      throw new HeaplabError(
        `${s.source} and ${other} hold the same shard (${key === 0 ? "the whole sweep" : `${key}`})`,
      );
    seen.set(key, s.source);
  }
  const byIndex = new Map<number, SweepPairResult>();
  for (const s of sweeps) for (const p of s.sweep.pairs) byIndex.set(p.index, p);
  const all: SweepPair[] = sweepPairs(first.sweep.plan);
  const missing = all.filter((p) => !byIndex.has(p.index));
  if (missing.length > 0) {
    const count = first.sweep.shard?.count;
    const absent =
      count === undefined
        ? ""
        : ` (shards present: ${[...seen.keys()].sort((a, b) => a - b).join(", ")} of ${count})`;
    throw new HeaplabError(
      `the shards do not cover the sweep: ${missing.length} of ${all.length} workload × strategy pairs missing${absent}`,
    );
  }
  return {
    format: "heaplab-sweep/1",
    planHash: first.sweep.planHash,
    plan: first.sweep.plan,
    shard: null,
    elapsedSeconds: sweeps.reduce((a, s) => a + s.sweep.elapsedSeconds, 0),
    workers: Math.max(...sweeps.map((s) => s.sweep.workers)),
    pairs: all.map((p) => byIndex.get(p.index)!),
  };
}
