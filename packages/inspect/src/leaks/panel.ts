import type { Strategy } from "@heaplab/runtime";
import { HeapGraph } from "../core/heap-graph";
import { heapSnapshot } from "../export/heapsnapshot";
import { formatChain } from "../objgraph/backref-chain";
import { type SummaryRow, summarizeGraph } from "../pympler/summary";
import { formatTraceback } from "../tracemalloc/frames";
import { findLeaks, type LeakReport } from "./leak-finder";
import { type InspectableWorkload, tracedRun } from "./workload-run";

/**
 * One allocation site's live memory after the run.
 * @example
 * for (const s of panel.sites) console.log(`${s.site}: ${s.size} B in ${s.count} blocks`);
 */
export interface SiteRow {
  readonly site: string;
  readonly size: number;
  readonly count: number;
}

/**
 * Everything the `inspect` command prints and the dashboard's inspection panel shows, as plain data.
 * @example
 * const panel = inspectPanel(workload, () => createRefcountStrategy());
 * panel.summary[0]?.type; panel.sites[0]?.site;
 */
export interface InspectPanel {
  readonly workload: string;
  readonly strategy: string;
  readonly iterations: number;
  /** Pympler's summary of what the program still reaches after one run. */
  readonly summary: readonly SummaryRow[];
  /** tracemalloc's `statistics("lineno")` after the run, biggest first. */
  readonly sites: readonly SiteRow[];
  /** The leak finder's report (a run twice as long compared with the first). */
  readonly leak: LeakReport;
  /** The leak's chain as one line ("" when there is no leak). */
  readonly chain: string;
}

/**
 * Options of `inspectPanel`.
 * @example
 * inspectPanel(workload, createStrategy, { iterations: 100, limit: 10, onHeapSnapshot: (json) => save(json) });
 */
export interface InspectPanelOptions {
  /** Iterations (default: the workload's own). */
  iterations?: number;
  /** Rows of summary and sites to keep. Default 10. */
  limit?: number;
  /** Called with the `.heapsnapshot` text of the first run's heap, if given. */
  onHeapSnapshot?: (json: string) => void;
}

/**
 * Runs a workload under a strategy with the inspection tools on, and returns the panel's data: the
 * heap summary by type, the top allocation sites, and the leak finder's growth report.
 * @example
 * const p = inspectPanel(getWorkload("leak-listener"), () => catalog.get("cpython-3.11").create({}));
 * p.summary[0]; // { type: "bytes", count: 1000, size: 289000 }
 */
export function inspectPanel(
  w: InspectableWorkload,
  createStrategy: () => Strategy,
  options: InspectPanelOptions = {},
): InspectPanel {
  const iterations = options.iterations ?? Number(w.params.iterations ?? 100);
  const limit = options.limit ?? 10;
  const run = tracedRun(w, createStrategy, { iterations });
  const g = HeapGraph.build(run.rt);
  const summary = summarizeGraph(run.rt, g).slice(0, limit);
  const sites = run.tracer
    .snapshotOf(g)
    .statistics("lineno")
    .slice(0, limit)
    .map((s) => ({ site: formatTraceback(s.traceback), size: s.size, count: s.count }));
  options.onHeapSnapshot?.(heapSnapshot(run.rt));
  const leak = findLeaks(w, createStrategy, { iterations });
  return {
    workload: w.name,
    strategy: run.rt.strategy.name,
    iterations,
    summary,
    sites,
    leak,
    chain: formatChain(leak.chain),
  };
}
