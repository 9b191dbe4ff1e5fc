/** @heaplab/compare: The comparison engine: runs workloads under strategies and gathers metrics from the event stream. */
export const PACKAGE = "@heaplab/compare";
