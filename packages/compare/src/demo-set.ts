import type { WorkloadChoice } from "./compare";

/**
 * The workloads `pnpm demo` runs under every strategy, sized so the whole demo stays well under two
 * minutes on a 2-core machine: one per lesson of the seeds.
 *
 * @example
 * compareStrategies(demoSet, catalog.names(), { catalog });
 */
export const demoSet: readonly WorkloadChoice[] = [
  { workload: "list-cycle", params: { count: 2000 } },
  { workload: "leak-global-cache", params: { iterations: 1000 } },
  { workload: "leak-global-cache-fixed", params: { iterations: 1000 } },
  { workload: "leak-listener", params: { iterations: 1000 } },
  { workload: "leak-listener-fixed", params: { iterations: 1000 } },
  { workload: "del-resources", params: { iterations: 500 } },
  { workload: "temporaries", params: { iterations: 20000 } },
  { workload: "lru-cache", params: { operations: 5000 } },
  { workload: "csv-load-all", params: { rows: 20000 } },
  { workload: "csv-generator", params: { rows: 20000 } },
  { workload: "arena-release", params: { blocks: 256 * 1024 } },
  { workload: "binary-trees", params: { depth: 10 } },
];
