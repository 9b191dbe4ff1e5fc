import {
  compareStrategies,
  demoSet,
  demoSettings,
  findings,
  type RunResult,
  type TimingFigure,
  versionFindings,
} from "@heaplab/compare";
import { bytes, checkRunCount, count, ms } from "@heaplab/compare/internals";
import { getWorkload } from "@heaplab/workloads";
import Table from "cli-table3";
import { catalog } from "../catalog";
import { pc, tableStyle } from "../colour";
import { withoutDoubledName } from "../error-line";

/** `--runs` and `--warmup` of `demo` and `compare`, as cac parses them. */
export interface RepeatFlags {
  runs?: number | string;
  warmup?: number | string;
}

/**
 * Default of `--runs`: enough runs for a median and a range.
 *
 * @example
 * repeatOptions({}).runs === DEFAULT_RUNS; // true
 */
export const DEFAULT_RUNS = 3;
/**
 * Default of `--warmup`: one unmeasured run, for V8 to compile the strategy's code.
 *
 * @example
 * repeatOptions({}).warmupRuns === DEFAULT_WARMUP; // true
 */
export const DEFAULT_WARMUP = 1;

/**
 * `--runs N` (at least 1) and `--warmup N` (at least 0) as the engine's options.
 * @throws HeaplabError for anything but a whole number in range
 *
 * @example
 * repeatOptions({ runs: "5" }); // { runs: 5, warmupRuns: 1 }
 */
export function repeatOptions(flags: RepeatFlags): { runs: number; warmupRuns: number } {
  return {
    runs: checkRunCount("--runs", flags.runs ?? DEFAULT_RUNS, 1),
    warmupRuns: checkRunCount("--warmup", flags.warmup ?? DEFAULT_WARMUP, 0),
  };
}

/**
 * `heaplab demo [--runs N] [--warmup N]`: the default set of the seeds' workloads under every strategy
 * in the catalog, a comparison table per workload and plain-language findings computed from the
 * numbers. Timings are medians over the measured runs, after warm-up runs.
 *
 * @example
 * demoCommand({ runs: 5 });
 */
export function demoCommand(flags: RepeatFlags = {}): void {
  const repeat = repeatOptions(flags);
  const strategies = catalog.names();
  console.log(
    pc.bold(
      `heaplab demo: ${demoSet.length} workloads × ${strategies.length} strategies (${strategies.join(", ")})`,
    ),
  );
  const tuned = Object.entries(demoSettings)
    .filter(([s]) => strategies.includes(s))
    .map(
      ([s, kv]) =>
        `${s} ${Object.entries(kv)
          .map(([k, v]) => `${k}=${bytes(v)}`)
          .join(" ")}`,
    );
  if (tuned.length > 0)
    console.log(
      pc.dim(
        `Sized for small programs so every collector collects: ${tuned.join(", ")} (their defaults suit heaps of hundreds of MiB).`,
      ),
    );
  const progress = progressReporter();
  const t0 = Date.now();
  const results = compareStrategies(demoSet, strategies, {
    catalog,
    heapLimit: 256 * 1024 * 1024,
    settings: demoSettings,
    ...repeat,
    onProgress: (p) => progress.update(p),
  });
  progress.done();
  printReport(results, (w) => getWorkload(w).description);
  const runs = results.length * (repeat.runs + repeat.warmupRuns);
  console.log(pc.dim(`\n${runs} runs in ${((Date.now() - t0) / 1000).toFixed(1)} s`));
}

/** `{ "0": 5, "2": 1 }` → `"0:5 2:1"`; `"-"` when the strategy never collected. */
function gens(c: Record<string, number>): string {
  const e = Object.entries(c);
  return e.length === 0 ? "-" : e.map(([g, n]) => `${g}:${n}`).join(" ");
}

/** A timing's median as the table shows it, marked `~` when its runs disagreed (a wide spread). */
function timing(r: RunResult, f: TimingFigure, text: string): string {
  return r.spread[f].wide ? pc.yellow(`${text}~`) : text;
}

/** One comparison table: a row per strategy, the metrics the engine gathered as columns. */
export function comparisonTable(runs: readonly RunResult[]): string {
  const table = new Table({
    head: [
      "strategy",
      "time",
      "allocs",
      "GCs gen:n",
      "pause ms tot/max/p99",
      "MMU",
      "peak held/used",
      "end held/live",
      "returned",
      "alive@end",
      "leaked",
      "__del__",
    ],
    style: tableStyle(),
  });
  const bare = (n: number): string => ms(n).replace(" ms", "");
  for (const r of runs) {
    if (r.error !== null) {
      table.push([r.strategy, { colSpan: 11, content: pc.red(withoutDoubledName(r.error).slice(0, 100)) }]);
      continue;
    }
    const fin = r.finalizers.filter((f) => f.phase === "run").length;
    const finExit = r.finalizers.length - fin;
    table.push([
      r.strategy,
      timing(r, "wallSeconds", `${r.wallSeconds.toFixed(3)}s`),
      count(r.allocations),
      gens(r.collections),
      r.pauses.length === 0
        ? "-"
        : [
            timing(r, "totalPauseMs", bare(r.totalPauseMs)),
            timing(r, "maxPauseMs", bare(r.maxPauseMs)),
            timing(r, "p99PauseMs", bare(r.p99PauseMs)),
          ].join("/"),
      r.mmu === null ? "-" : timing(r, "mmu", `${(r.mmu * 100).toFixed(0)}%`),
      `${bytes(r.peakHeapBytes)}/${bytes(r.peakUsedBytes)}`,
      `${bytes(r.finalHeapBytes)}/${bytes(r.retainedBytes)}`,
      bytes(r.bytesReturned),
      count(r.retainedObjects),
      r.leakedObjects > 0 ? pc.yellow(count(r.leakedObjects)) : "0",
      finExit > 0 ? `${fin}+${finExit} at exit` : String(fin),
    ]);
  }
  return table.toString();
}

/** `"median of 3 runs after 1 warm-up run"`: how the timings of `results` were measured. */
function howMeasured(results: readonly RunResult[]): string {
  const r = results[0];
  if (r === undefined) return "";
  const warm =
    r.warmupRuns === 0 ? "no warm-up" : `after ${r.warmupRuns} warm-up run${r.warmupRuns === 1 ? "" : "s"}`;
  return r.runs === 1 ? `one run, ${warm} (no spread measured)` : `median of ${r.runs} runs, ${warm}`;
}

/** The tables and findings for every workload in `results`, as `pnpm demo` prints them. */
export function printReport(results: readonly RunResult[], describe: (workload: string) => string): void {
  const f = findings(results);
  const seen = new Set<string>();
  for (const r of results) {
    if (seen.has(r.workload)) continue;
    seen.add(r.workload);
    const runs = results.filter((x) => x.workload === r.workload);
    const params = Object.entries(r.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    console.log(`\n${pc.bold(r.workload)} ${pc.dim(params)}`);
    console.log(pc.dim(describe(r.workload)));
    console.log(comparisonTable(runs));
    for (const line of f.get(r.workload) ?? []) console.log(`  • ${line}`);
  }
  printVersionFindings(results);
  console.log(
    pc.dim(
      `\ntime, pause, MMU: ${howMeasured(results)}; ~ marks a figure whose runs disagreed by more than a quarter (its range is under the table) · ` +
        "time: wall time of the whole run · pause ms: total/longest/99th-percentile stop-the-world pause, in milliseconds · " +
        "MMU: minimum mutator utilisation over 5 ms windows · peak held/used: most bytes reserved from the OS / most bytes in objects not yet freed (garbage included) · " +
        "end held/live: bytes reserved at the end / bytes in objects still reachable (after a full collection, so uncollected garbage is not counted) · " +
        "alive@end: objects still reachable at the end, globals held · leaked: objects the strategy never reclaimed after the program ended · " +
        "__del__: finalizers run during the run (+ at exit)",
    ),
  );
}

/**
 * The section on the CPython versions (when two or more `cpython-3.x` strategies ran): each version
 * against the one before it, per workload, with the collector change that explains each difference.
 */
function printVersionFindings(results: readonly RunResult[]): void {
  const v = versionFindings(results);
  if (v.general.length === 0 && v.byWorkload.size === 0) return;
  const names = [...new Set(results.filter((r) => r.cpython !== null).map((r) => r.strategy))];
  console.log(
    `\n${pc.bold("CPython versions")} ${pc.dim(`what changed between ${names.join(", ")}, each against the one before`)}`,
  );
  for (const line of v.general) console.log(`  • ${line}`);
  for (const [workload, lines] of v.byWorkload) {
    console.log(`  ${pc.bold(workload)}`);
    for (const line of lines) console.log(`    • ${line}`);
  }
}

/** A progress line on stderr: rewritten in place on a terminal, one line per run otherwise (CI logs). */
export function progressReporter(): {
  update(p: {
    run: number;
    runs: number;
    workload: string;
    strategy: string;
    done: number;
    total: number;
  }): void;
  done(): void;
} {
  const tty = process.stderr.isTTY === true;
  let lastRun = -1;
  let lastDraw = 0;
  return {
    update(p) {
      const label = `[${p.run + 1}/${p.runs}] ${p.workload} × ${p.strategy}`;
      if (!tty) {
        if (p.run !== lastRun) process.stderr.write(`${label}\n`);
        lastRun = p.run;
        return;
      }
      const now = Date.now();
      if (p.run === lastRun && now - lastDraw < 50 && p.done < p.total) return;
      lastRun = p.run;
      lastDraw = now;
      const width = 24;
      const filled = p.total > 0 ? Math.round((width * Math.min(p.done, p.total)) / p.total) : 0;
      const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
      process.stderr.write(`\r\x1b[2K${bar} ${label}`);
    },
    done() {
      if (tty) process.stderr.write("\r\x1b[2K");
    },
  };
}
