/** @heaplab/tracing: JVM/CLR-style tracing-only strategies: mark-sweep, mark-compact, semispace, jvm-serial, clr. */
export const PACKAGE = "@heaplab/tracing";
