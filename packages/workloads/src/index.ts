/**
 * @heaplab/workloads — the seeds' workloads and classic GC benchmarks, written once against the mutator
 * API so each runs unchanged under every strategy.
 *
 * @example
 * import { createWorkloadContext, getWorkload } from "@heaplab/workloads";
 * const w = getWorkload("leak-global-cache");
 * const ctx = createWorkloadContext(rt, { seed: 1 });
 * w.run(rt, w.params, ctx);
 */

export * from "./classes";
export * from "./context";
export { resourcesClosed } from "./programs/del-resources";
export * from "./random";
export * from "./read-value";
export * from "./registry";
export * from "./workload";
