import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  checkPlan,
  DEFAULT_MULTIPLES,
  mergeSweeps,
  parseShard,
  runSweep,
  type SweepPlan,
  type SweepResult,
  type SweepRun,
  type SweepTask,
  sweepCsv,
  sweepSet,
} from "@heaplab/compare";
import { checkRunCount } from "@heaplab/compare/internals";
import { HeaplabError } from "@heaplab/runtime";
import { getWorkload } from "@heaplab/workloads";
import { Tinypool } from "tinypool";
import { catalog } from "../catalog";
import { list, parseWorkloadParams, strategyNames, UsageError, workloadNamed } from "../options";
import { sweepChart } from "./sweep-chart";

/** Options of `heaplab sweep`, as cac parses them. */
export interface SweepCommandOptions {
  workload?: string | string[];
  strategy?: string | string[];
  param?: string | string[];
  multiples?: string | number;
  runs?: string | number;
  workers?: string | number;
  shard?: string;
  seed?: string | number;
  out?: string;
}

/** Measured runs at each heap size unless `--runs` says otherwise. */
const DEFAULT_SWEEP_RUNS = 3;

/**
 * The plan from the command line: the chosen workloads (the sweep set by default) with their
 * parameters, the chosen strategies (all but `none`, which never collects), the multiples and runs.
 * @throws HeaplabError for an unknown workload, strategy or parameter, a multiple below 1, bad runs
 *
 * @example
 * sweepPlanFrom({ workload: "binary-trees", multiples: "1.5,2" }).strategies; // every strategy but none
 */
export function sweepPlanFrom(options: SweepCommandOptions): SweepPlan {
  const chosenWorkloads = list(options.workload).map(workloadNamed);
  const params = parseWorkloadParams(options.param, chosenWorkloads);
  const workloads =
    chosenWorkloads.length > 0
      ? chosenWorkloads.map((w) => ({ workload: w.name, params: { ...w.params, ...params[w.name] } }))
      : sweepSet.map((w) => ({
          workload: w.workload,
          params: { ...getWorkload(w.workload).params, ...w.params },
        }));
  // `none` never collects, so it has no minimum heap to search for: the default leaves it out.
  const strategies =
    options.strategy === undefined
      ? catalog.names().filter((s) => s !== "none")
      : strategyNames(options.strategy);
  const multiples =
    options.multiples === undefined
      ? [...DEFAULT_MULTIPLES]
      : list(String(options.multiples)).map((m) => {
          const n = Number(m);
          if (m.trim() === "" || !Number.isFinite(n))
            throw new HeaplabError(`--multiples takes numbers such as 1.5,2,4, got '${m}'`);
          return n;
        });
  return checkPlan({
    workloads,
    strategies,
    multiples,
    runs: checkRunCount("--runs", options.runs ?? DEFAULT_SWEEP_RUNS, 1),
    seed: checkRunCount("--seed", options.seed ?? 1, 0),
    settings: {},
    searchPrecision: 0.05,
  });
}

/** The worker module: the TypeScript source when running from source, the built file otherwise. */
function workerFile(): { filename: string; execArgv: string[] } {
  const source = new URL("./sweep-worker-source.mjs", import.meta.url);
  if (existsSync(fileURLToPath(source)))
    return { filename: source.href, execArgv: ["--conditions=@heaplab/source"] };
  // Built: tsup writes the worker to dist/commands/ beside the bundle (dist/) that holds this code.
  const built = ["./commands/sweep-worker.js", "./sweep-worker.js"].map((f) => new URL(f, import.meta.url));
  const found = built.find((u) => existsSync(fileURLToPath(u))) ?? built[0]!;
  return { filename: found.href, execArgv: [] };
}

/**
 * A pool of `workers` threads (tinypool) running one sweep run per task, each in a worker thread of its
 * own; `close` ends the threads.
 *
 * @example
 * const pool = sweepPool(2); const run = await pool.run(task); await pool.close();
 */
export function sweepPool(workers: number): {
  run: (t: SweepTask) => Promise<SweepRun>;
  close: () => Promise<void>;
} {
  const { filename, execArgv } = workerFile();
  if (!existsSync(fileURLToPath(filename)))
    throw new HeaplabError(
      `the sweep worker ${fileURLToPath(filename)} is missing: build the CLI (pnpm build)`,
    );
  const pool = new Tinypool({
    filename,
    minThreads: workers,
    maxThreads: workers,
    execArgv,
    idleTimeout: 60_000,
  });
  // A worker that cannot start is reported on the pool, not on a task: keep it for the one-line error
  // (an 'error' event with no listener would end the process with a stack trace).
  let broken: unknown = null;
  pool.on("error", (e: unknown) => {
    broken = e;
  });
  const run = async (t: SweepTask): Promise<SweepRun> => {
    try {
      if (broken !== null) throw broken;
      return (await pool.run(t)) as SweepRun;
    } catch (e) {
      // The run itself never throws (measureSweepRun reports failures); this is the worker failing.
      throw new HeaplabError(`a sweep worker failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return { run, close: () => pool.destroy() };
}

/**
 * Writes a sweep's files into `dir`: sweep.json, sweep.csv and one SVG chart per workload; a shard writes
 * only `sweep-shard-i-of-n.json` and its CSV. Returns the paths written.
 *
 * @example
 * writeSweep(await sweepCommand([], {}), "sweep-out");
 */
export function writeSweep(result: SweepResult, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const put = (name: string, text: string): void => {
    const path = join(dir, name);
    writeFileSync(path, text);
    written.push(path);
  };
  if (result.shard !== null) {
    const tag = `shard-${result.shard.index}-of-${result.shard.count}`;
    put(`sweep-${tag}.json`, JSON.stringify(result, null, 1));
    put(`sweep-${tag}.csv`, sweepCsv(result));
    return written;
  }
  put("sweep.json", JSON.stringify(result, null, 1));
  put("sweep.csv", sweepCsv(result));
  for (const w of new Set(result.pairs.map((p) => p.workload))) put(`sweep-${w}.svg`, sweepChart(result, w));
  return written;
}

/**
 * Runs the checks of the command line and its input files: whatever they refuse is the user's input
 * (exit status 2), not a failure while running.
 */
function asUsageError<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    throw e instanceof HeaplabError && !(e instanceof UsageError) ? new UsageError(e.message) : e;
  }
}

/**
 * `heaplab sweep [--workload …] [--strategy …] [--multiples 1.25,1.5,2,3,4,6] [--runs 3] [--workers N]
 * [--shard i/n] [--out DIR]`: the minimum heap of each workload × strategy, then time, collections and
 * pauses at multiples of it, on a pool of worker threads. `heaplab sweep merge FILE… [--out DIR]` joins
 * shard files. Returns the result (tests call it in-process).
 *
 * @example
 * await sweepCommand(["merge", "a.json", "b.json"], { out: "sweep" });
 */
export async function sweepCommand(args: string[], options: SweepCommandOptions): Promise<SweepResult> {
  const out = options.out ?? "sweep-out";
  if (args[0] === "merge") {
    const files = args.slice(1);
    const result = asUsageError(() =>
      mergeSweeps(
        files.map((f) => {
          let text: string;
          try {
            text = readFileSync(f, "utf8");
          } catch {
            throw new HeaplabError(`cannot read shard file '${f}'`);
          }
          try {
            return { source: f, value: JSON.parse(text) };
          } catch {
            throw new HeaplabError(`${f} is not JSON (a sweep shard file is)`);
          }
        }),
      ),
    );
    for (const p of writeSweep(result, out)) console.log(`wrote ${p}`);
    return result;
  }
  if (args.length > 0)
    throw new HeaplabError(`sweep: unknown argument '${args[0]}' (did you mean 'sweep merge FILE…'?)`);
  const { plan, shard, workers } = asUsageError(() => ({
    plan: sweepPlanFrom(options),
    shard: options.shard === undefined ? null : parseShard(String(options.shard)),
    workers: checkRunCount("--workers", options.workers ?? availableParallelism(), 1),
  }));
  const pool = sweepPool(workers);
  try {
    const result = await runSweep(plan, {
      shard,
      workers,
      runTask: pool.run,
      onPair: (done, total, p) =>
        process.stderr.write(
          `[${done}/${total}] ${p.workload} × ${p.strategy}: ${p.minHeapBytes === null ? `no heap completed (${p.searchError})` : `minimum heap ${(p.minHeapBytes / 1048576).toFixed(2)} MiB`}\n`,
        ),
    });
    for (const p of writeSweep(result, out)) console.log(`wrote ${p}`);
    console.log(
      `${result.pairs.length} pairs in ${result.elapsedSeconds.toFixed(1)} s on ${workers} worker(s)`,
    );
    return result;
  } finally {
    await pool.close();
  }
}
