/**
 * @heaplab/workloads — the seeds' workloads and classic GC benchmarks, written once against the mutator
 * API so each runs unchanged under every strategy.
 *
 * This entry point is the public API: the workloads and how to look one up, the context a runner passes
 * them, the helpers a workload is written with (classes, loops, typed parameters, a seeded random
 * source), and `readValue` for reading a result out of the heap.
 *
 * @example
 * import { createWorkloadContext, getWorkload } from "@heaplab/workloads";
 * const w = getWorkload("leak-global-cache");
 * const ctx = createWorkloadContext(rt, { seed: 1 });
 * w.run(rt, w.params, ctx);
 */
export {
  defineClass,
  loop,
} from "./classes";
export {
  createWorkloadContext,
  type WorkloadContextImpl,
  type WorkloadContextOptions,
} from "./context";
export {
  createRandom,
  type Random,
} from "./random";
export { readValue } from "./read-value";
export {
  getWorkload,
  workloads,
} from "./registry";
export {
  boolParam,
  numParam,
  type Params,
  type ParamValue,
  strParam,
  type Workload,
  type WorkloadContext,
} from "./workload";
