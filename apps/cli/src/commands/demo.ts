import { bytes, compareStrategies, count, demoSet, findings, ms, type RunResult } from "@heaplab/compare";
import { getWorkload } from "@heaplab/workloads";
import Table from "cli-table3";
import { catalog } from "../catalog";
import { pc, tableStyle } from "../colour";
import { withoutDoubledName } from "../error-line";

/**
 * `heaplab demo`: the default set of the seeds' workloads under every strategy in the catalog, a
 * comparison table per workload and plain-language findings computed from the numbers.
 */
export function demoCommand(): void {
  const strategies = catalog.names();
  console.log(
    pc.bold(
      `heaplab demo: ${demoSet.length} workloads × ${strategies.length} strategies (${strategies.join(", ")})`,
    ),
  );
  const progress = progressReporter();
  const t0 = Date.now();
  const results = compareStrategies(demoSet, strategies, {
    catalog,
    heapLimit: 256 * 1024 * 1024,
    onProgress: (p) => progress.update(p),
  });
  progress.done();
  printReport(results, (w) => getWorkload(w).description);
  console.log(pc.dim(`\n${results.length} runs in ${((Date.now() - t0) / 1000).toFixed(1)} s`));
}

/** `{ "0": 5, "2": 1 }` → `"0:5 2:1"`; `"-"` when the strategy never collected. */
function gens(c: Record<string, number>): string {
  const e = Object.entries(c);
  return e.length === 0 ? "-" : e.map(([g, n]) => `${g}:${n}`).join(" ");
}

/** One comparison table: a row per strategy, the metrics the engine gathered as columns. */
export function comparisonTable(runs: readonly RunResult[]): string {
  const table = new Table({
    head: [
      "strategy",
      "time",
      "allocs",
      "GCs gen:n",
      "pause tot/max/p99",
      "MMU",
      "peak",
      "end held/live",
      "returned",
      "alive@end",
      "leaked",
      "__del__",
    ],
    style: tableStyle(),
  });
  for (const r of runs) {
    if (r.error !== null) {
      table.push([r.strategy, { colSpan: 11, content: pc.red(withoutDoubledName(r.error).slice(0, 100)) }]);
      continue;
    }
    const fin = r.finalizers.filter((f) => f.phase === "run").length;
    const finExit = r.finalizers.length - fin;
    table.push([
      r.strategy,
      `${r.wallSeconds.toFixed(3)}s`,
      count(r.allocations),
      gens(r.collections),
      r.pauses.length === 0
        ? "-"
        : `${ms(r.totalPauseMs)}/${ms(r.maxPauseMs)}/${ms(r.p99PauseMs)}`.replaceAll(" ms", ""),
      r.mmu === null ? "-" : `${(r.mmu * 100).toFixed(0)}%`,
      bytes(r.peakHeapBytes),
      `${bytes(r.finalHeapBytes)}/${bytes(r.finalUsedBytes)}`,
      bytes(r.bytesReturned),
      count(r.retainedObjects),
      r.leakedObjects > 0 ? pc.yellow(count(r.leakedObjects)) : "0",
      finExit > 0 ? `${fin}+${finExit} at exit` : String(fin),
    ]);
  }
  return table.toString();
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
  console.log(
    pc.dim(
      "\ntime: wall time of the whole run · MMU: minimum mutator utilisation over 5 ms windows · peak: most bytes held from the OS · " +
        "end held/live: bytes held vs in live objects at the end · alive@end: objects the strategy still held after a full collection, globals held · " +
        "leaked: objects the strategy never reclaimed after the program ended · __del__: finalizers run during the run (+ at exit)",
    ),
  );
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
