import { HeaplabError } from "@heaplab/runtime";
import type { RunResult } from "./result";
import { type RunOptions, type RunSpec, runOne } from "./run";
import { spreadOf, TIMING_FIGURES } from "./spread";

/**
 * How many times to run: warm-up runs thrown away, then measured runs.
 * @example
 * runRepeated({ workload: "temporaries", strategy: "clr" }, { catalog, runs: 5, warmupRuns: 1 });
 */
export interface RepeatOptions extends RunOptions {
  /** Measured runs whose timings are summarised (median and spread). Default 1. */
  runs?: number;
  /**
   * Runs made first and thrown away. The first run of a strategy's code is mostly V8 compiling it: a
   * young collection of 700 objects measured 100 ms cold and 0.24 ms warm. Default 0.
   */
  warmupRuns?: number;
}

/**
 * Checks a run count given by a user: a whole number, at least `min`.
 * @throws HeaplabError naming the option
 *
 * @example
 * checkRunCount("--runs", 3, 1); // 3
 */
export function checkRunCount(name: string, value: unknown, min: number): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < min)
    throw new HeaplabError(`${name} takes a whole number of at least ${min}, not '${String(value)}'`);
  return n;
}

/**
 * Runs one workload under one strategy `warmupRuns` times without measuring, then `runs` times, each
 * on a fresh runtime, and summarises the measured runs: the timings become their medians, with each
 * one's range in `spread`; the other figures come from the run with the median wall time (see
 * `RunResult`). `onEnd` is called for the last measured run only; `onProgress` for every run.
 *
 * @example
 * const r = runRepeated({ workload: "binary-trees", strategy: "clr" }, { catalog, runs: 5, warmupRuns: 1 });
 * r.spread.maxPauseMs.median === r.maxPauseMs; // true
 */
export function runRepeated(spec: RunSpec, options: RepeatOptions): RunResult {
  const runs = checkRunCount("runs", options.runs ?? 1, 1);
  const warmupRuns = checkRunCount("warmupRuns", options.warmupRuns ?? 0, 0);
  const { onEnd, ...withoutEnd } = options;
  for (let i = 0; i < warmupRuns; i++) runOne(spec, withoutEnd);
  const measured: RunResult[] = [];
  for (let i = 0; i < runs; i++) measured.push(runOne(spec, i === runs - 1 ? options : withoutEnd));
  return summarise(measured, warmupRuns);
}

/**
 * One result for several measured runs of the same workload and strategy. The representative run is
 * the first that failed, if any did (a failure is the headline), else the one with the median wall time.
 */
function summarise(measured: readonly RunResult[], warmupRuns: number): RunResult {
  const byWall = [...measured].sort((a, b) => a.wallSeconds - b.wallSeconds);
  const rep = measured.find((r) => r.error !== null) ?? byWall[(byWall.length - 1) >> 1]!;
  const spread = Object.fromEntries(
    TIMING_FIGURES.map((f) => [
      f,
      spreadOf(
        f,
        measured.map((r) => r[f]),
      ),
    ]),
  ) as RunResult["spread"];
  const wallSeconds = spread.wallSeconds.median ?? rep.wallSeconds;
  return {
    ...rep,
    wallSeconds,
    allocationRate: wallSeconds > 0 ? rep.allocatedBytes / wallSeconds : 0,
    totalPauseMs: spread.totalPauseMs.median ?? 0,
    maxPauseMs: spread.maxPauseMs.median ?? 0,
    p99PauseMs: spread.p99PauseMs.median ?? 0,
    mmu: spread.mmu.median,
    runs: measured.length,
    warmupRuns,
    spread,
  };
}
