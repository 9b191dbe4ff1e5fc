/**
 * @heaplab/raw-allocator — `PyMem_RawMalloc` and the operating system beneath it: a TLSF malloc on
 * heaplab's linear memory, with CPython-style debug hooks (`PYTHONMALLOC=debug`).
 *
 * @example
 * import { RawAllocator } from "@heaplab/raw-allocator";
 * const raw = new RawAllocator(rt.os, { debugHooks: true });
 * const p = raw.malloc(1000);
 * raw.free(p);
 */
export * from "./address-set";
export * from "./block-layout";
export * from "./debug-hooks";
export * from "./raw-allocator";
export * from "./size-mapping";
export * from "./tlsf-heap";

/** The package name. */
export const PACKAGE = "@heaplab/raw-allocator";
