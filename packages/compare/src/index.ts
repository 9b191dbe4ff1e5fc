/**
 * @heaplab/compare — the comparison engine: runs workloads under strategies and gathers, from the
 * runtime's event stream and counters, time, allocation, collections, pauses, MMU, heap size, bytes
 * returned, fragmentation, leaks and finalizer timing; then states the findings in plain words.
 *
 * @example
 * import { compareStrategies, findings } from "@heaplab/compare";
 * const results = compareStrategies([{ workload: "list-cycle" }], ["none"], { catalog });
 * console.log(findings(results));
 */
export * from "./compare";
export * from "./demo-set";
export * from "./findings";
export * from "./format";
export * from "./heap-map";
export * from "./metrics";
export * from "./repeat";
export * from "./result";
export * from "./run";
export * from "./spread";
export * from "./sweep/index";
