/** @heaplab/workloads: The seeds' workloads and classic GC benchmarks, written once against the mutator API. */
export const PACKAGE = "@heaplab/workloads";
