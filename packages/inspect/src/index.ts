/**
 * @heaplab/inspect: Python's memory tools for a heaplab heap, under any strategy: `tracemalloc`,
 * `objgraph`, Pympler's `summary`/`tracker`/`asizeof`, dominators and retained sizes, Chrome DevTools
 * `.heapsnapshot` export, and a leak finder. Everything reads the runtime's event stream and walks the
 * real bytes; nothing keeps a copy of the heap.
 *
 * @example
 * import { Tracemalloc, summarize, formatSummary, writeHeapSnapshot } from "@heaplab/inspect";
 * const tm = new Tracemalloc(rt);
 * tm.start();
 * program(rt, tm.context());
 * console.log(formatSummary(summarize(rt)));
 * writeHeapSnapshot(rt, "heap.heapsnapshot");
 */
export const PACKAGE = "@heaplab/inspect";

export * from "./core/edge-label";
export * from "./core/heap-graph";
export * from "./core/object-ids";
export * from "./core/object-size";
export * from "./export/heapsnapshot";
export * from "./export/write-file";
export * from "./leaks/held-unreachable";
export * from "./leaks/leak-finder";
export * from "./leaks/panel";
export * from "./leaks/program-inspection";
export * from "./leaks/workload-run";
export * from "./objgraph/backref-chain";
export * from "./objgraph/dot";
export * from "./objgraph/ref-graph";
export * from "./objgraph/svg";
export * from "./objgraph/types";
export * from "./pympler/asizeof";
export * from "./pympler/summary";
export * from "./pympler/tracker";
export * from "./retained/dominators";
export * from "./tracemalloc/filter";
export * from "./tracemalloc/format-size";
export * from "./tracemalloc/frames";
export * from "./tracemalloc/snapshot";
export * from "./tracemalloc/tracer";
