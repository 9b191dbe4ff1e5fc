import type { Params } from "@heaplab/workloads";

/**
 * The workloads `heaplab sweep` runs by default: the three shapes of heap the GC literature sweeps over
 * (young garbage, a tree that is built and dropped, a growing live set), sized so a full sweep of every
 * strategy finishes in minutes on two cores.
 *
 * @example
 * runSweep({ ...plan, workloads: sweepSet }, options);
 */
export const sweepSet: readonly { workload: string; params: Params }[] = [
  { workload: "temporaries", params: { iterations: 20000 } },
  { workload: "binary-trees", params: { depth: 10 } },
  { workload: "csv-load-all", params: { rows: 10000 } },
];
