/** @heaplab/inspect: tracemalloc, objgraph and Pympler for the heaplab heap, retained sizes, and .heapsnapshot export. */
export const PACKAGE = "@heaplab/inspect";
