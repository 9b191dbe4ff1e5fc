import type { WorkloadChoice } from "./compare";

/**
 * The workloads `pnpm demo` runs under every strategy, sized so the whole demo stays well under two
 * minutes on a 2-core machine: one per lesson of the seeds. With `demoSettings`, every collecting
 * strategy collects at least once in `temporaries` and `binary-trees`, whose lesson is what a young
 * collection costs — but `temporaries` under the CPython versions with threshold 0 at 2000 (3.13,
 * 3.14), which never reach it there: the version findings say so.
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
  { workload: "temporaries", params: { iterations: 40000 } },
  { workload: "lru-cache", params: { operations: 5000 } },
  { workload: "csv-load-all", params: { rows: 20000 } },
  { workload: "csv-generator", params: { rows: 20000 } },
  { workload: "arena-release", params: { blocks: 256 * 1024 } },
  { workload: "binary-trees", params: { depth: 10 } },
];

/**
 * Strategy settings for the demo's small programs. HotSpot's default initial heap and the CLR's gen0
 * budget are sized for programs of hundreds of megabytes: at their defaults (a 24 MiB heap, a 4 MiB
 * gen0) `jvm-serial` and `clr` never collect in a demo-sized `temporaries`. The demo runs them as one
 * would run a small service, `-Xms8m` and an 1 MiB gen0 budget (`GCgen0size`), and says so.
 *
 * @example
 * compareStrategies(demoSet, catalog.names(), { catalog, settings: demoSettings });
 */
export const demoSettings: Readonly<Record<string, Record<string, number>>> = {
  "jvm-serial": { "initial-heap": 8 * 1024 * 1024 },
  clr: { GCgen0size: 1024 * 1024 },
};
