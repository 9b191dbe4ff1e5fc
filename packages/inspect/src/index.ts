/**
 * @heaplab/inspect: Python's memory tools for a heaplab heap, under any strategy: `tracemalloc`,
 * `objgraph`, Pympler's `summary`/`tracker`/`asizeof`, dominators and retained sizes, Chrome DevTools
 * `.heapsnapshot` export, and a leak finder. Everything reads the runtime's event stream and walks the
 * real bytes; nothing keeps a copy of the heap.
 *
 * This entry point is the public API: each tool, its options and its results, and the heap graph and
 * object ids they share. How an edge is labelled, a stack captured or a graph walked for one report are
 * the tools' own parts.
 *
 * @example
 * import { Tracemalloc, summarize, formatSummary, writeHeapSnapshot } from "@heaplab/inspect";
 * const tm = new Tracemalloc(rt);
 * tm.start();
 * program(rt, tm.context());
 * console.log(formatSummary(summarize(rt)));
 * writeHeapSnapshot(rt, "heap.heapsnapshot");
 */

export {
  edgeLabel,
  formatEdge,
} from "./core/edge-label";
export {
  HeapGraph,
  type HeapGraphOptions,
} from "./core/heap-graph";
export {
  ObjectIds,
  objectIds,
} from "./core/object-ids";
export {
  heapSnapshot,
  heapSnapshotChunks,
} from "./export/heapsnapshot";
export { writeHeapSnapshot } from "./export/write-file";
export {
  formatHeldUnreachable,
  type HeldTypeRow,
  type HeldUnreachable,
  heldUnreachable,
} from "./leaks/held-unreachable";
export {
  findLeaks,
  formatLeakReport,
  type LeakFinderOptions,
  type LeakReport,
  newestInstanceNode,
  type TypeGrowthRow,
} from "./leaks/leak-finder";
export {
  type InspectPanel,
  type InspectPanelOptions,
  inspectPanel,
  type SiteDiffRow,
  type SiteRow,
  siteDiffRows,
} from "./leaks/panel";
export {
  ProgramInspection,
  type ProgramReport,
} from "./leaks/program-inspection";
export {
  type InspectableWorkload,
  type InspectContext,
  type ParamValue,
  type TracedRun,
  tracedRun,
} from "./leaks/workload-run";
export {
  backrefChainOfNode,
  type ChainStep,
  findBackrefChain,
  formatAccessPath,
  formatChain,
  MODULE_GLOBALS,
} from "./objgraph/backref-chain";
export { toDot } from "./objgraph/dot";
export {
  type RefEdge,
  type RefGraph,
  type RefGraphOptions,
  type RefNode,
  refGraph,
  refGraphOfNodes,
} from "./objgraph/ref-graph";
export { toSvg } from "./objgraph/svg";
export {
  byType,
  formatGrowth,
  formatMostCommonTypes,
  growth,
  mostCommonTypes,
  type TypeCount,
  type TypeGrowth,
  typeStats,
} from "./objgraph/types";
export { asizeof } from "./pympler/asizeof";
export {
  formatPymplerSize,
  formatSummary,
  type SummaryRow,
  summarize,
  summaryDiff,
} from "./pympler/summary";
export { SummaryTracker } from "./pympler/tracker";
export {
  type DominatorTree,
  dominatorTree,
  retainedSize,
} from "./retained/dominators";
export { Filter } from "./tracemalloc/filter";
export {
  type Frame,
  formatFrame,
  formatTraceback,
  type Traceback,
} from "./tracemalloc/frames";
export {
  Snapshot,
  Statistic,
  StatisticDiff,
  type StatisticKey,
  type Trace,
} from "./tracemalloc/snapshot";
export {
  type SiteContext,
  Tracemalloc,
} from "./tracemalloc/tracer";
