/** @heaplab/generational: CPython 3.11's generational cycle collector, the gc module, and the cpython-3.11 strategy. */
export const PACKAGE = "@heaplab/generational";
