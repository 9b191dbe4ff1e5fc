/**
 * Heap-size sweeps: the minimum heap of each workload × strategy, then time, collections and pauses
 * at multiples of it; sharded across machines and merged.
 *
 * @example
 * import { runSweep, mergeSweeps, sweepCsv } from "@heaplab/compare";
 */
export * from "./measure";
export * from "./plan";
export * from "./result";
export * from "./run-sweep";
export * from "./search";
export * from "./sweep-set";
