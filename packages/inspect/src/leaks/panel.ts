import type { Strategy } from "@heaplab/runtime";
import { HeapGraph } from "../core/heap-graph";
import { heapSnapshot } from "../export/heapsnapshot";
import { formatChain } from "../objgraph/backref-chain";
import { type RefGraph, refGraphOfNodes } from "../objgraph/ref-graph";
import { type SummaryRow, summarizeGraph } from "../pympler/summary";
import { formatTraceback } from "../tracemalloc/frames";
import type { Snapshot } from "../tracemalloc/snapshot";
import { findLeaks, type LeakReport, newestInstanceNode } from "./leak-finder";
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
 * One allocation site's change between two snapshots (tracemalloc's `StatisticDiff` as plain data).
 * @example
 * for (const d of panel.diff) console.log(`${d.site}: ${d.sizeDiff >= 0 ? "+" : ""}${d.sizeDiff} B`);
 */
export interface SiteDiffRow {
  readonly site: string;
  /** Live bytes allocated there at the second snapshot, and their change since the first. */
  readonly size: number;
  readonly sizeDiff: number;
  readonly count: number;
  readonly countDiff: number;
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
  /**
   * `objgraph.show_backrefs` of the object the chain ends at (the newest instance of the type that grew
   * most; of the type holding most bytes when nothing grew), on the first run's heap, roots named by
   * their globals.
   */
  readonly backrefs: RefGraph;
  /** tracemalloc's `compare_to(…, "lineno")` between the two phases asked for (`phases`), biggest change first. */
  readonly diff: readonly SiteDiffRow[];
  /** The two phases compared, as fractions of the run (0 = before it starts, 1 = its end). */
  readonly phases: readonly [number, number];
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
  /**
   * The two points of the first run whose tracemalloc snapshots `diff` compares, as fractions of the
   * run's progress: 0 before it starts, 0.5 at the first progress report past half, 1 at its end (after
   * the collection that ends it). Default [0, 1].
   */
  phases?: readonly [number, number];
  /** Levels of references the back-reference graph follows. Default 4. */
  backrefDepth?: number;
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
  const phases = options.phases ?? [0, 1];
  for (const p of phases)
    if (!(p >= 0 && p <= 1)) throw new RangeError(`a phase is a fraction of the run from 0 to 1, got ${p}`);
  const [from, to] = phases[0] <= phases[1] ? phases : [phases[1], phases[0]];
  let before: Snapshot | null = null;
  let after: Snapshot | null = null;
  // A phase is taken at the first report that reaches it; 1 is the run's end, taken below.
  const run = tracedRun(w, createStrategy, { iterations }, undefined, {
    onPhase(done, total, tracer) {
      const at = total > 0 ? done / total : 0;
      if (before === null && at >= from && from < 1) before = tracer.takeSnapshot();
      if (after === null && at >= to && to < 1) after = tracer.takeSnapshot();
    },
  });
  const g = HeapGraph.build(run.rt);
  const end = run.tracer.snapshotOf(g);
  const summary = summarizeGraph(run.rt, g).slice(0, limit);
  const sites = end
    .statistics("lineno")
    .slice(0, limit)
    .map((s) => ({ site: formatTraceback(s.traceback), size: s.size, count: s.count }));
  options.onHeapSnapshot?.(heapSnapshot(run.rt));
  const diff = siteDiffRows(after ?? end, before ?? end, limit);
  const leak = findLeaks(w, createStrategy, { iterations });
  const startType = leak.growth[0]?.type ?? summary[0]?.type;
  const start = startType === undefined ? -1 : newestInstanceNode(run.rt, g, startType);
  const backrefs = refGraphOfNodes(run.rt, g, start < 0 ? [] : [start], "backrefs", {
    maxDepth: options.backrefDepth ?? 4,
    rootNames: run.rootNames,
  });
  return {
    workload: w.name,
    strategy: run.rt.strategy.name,
    iterations,
    summary,
    sites,
    leak,
    chain: formatChain(leak.chain),
    backrefs,
    diff,
    phases: [from, to],
  };
}

/**
 * tracemalloc's `later.compare_to(earlier, "lineno")` as rows: each allocation site's live bytes and
 * blocks at `later` and their change since `earlier`, biggest change first, at most `limit` rows.
 * @example
 * for (const d of siteDiffRows(after, before, 10)) console.log(`${d.site}: ${d.sizeDiff} B`);
 */
export function siteDiffRows(later: Snapshot, earlier: Snapshot, limit = 10): SiteDiffRow[] {
  return later
    .compareTo(earlier, "lineno")
    .slice(0, limit)
    .map((d) => ({
      site: formatTraceback(d.traceback),
      size: d.size,
      sizeDiff: d.sizeDiff,
      count: d.count,
      countDiff: d.countDiff,
    }));
}
