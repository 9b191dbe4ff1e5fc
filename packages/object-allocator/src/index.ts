/**
 * @heaplab/object-allocator — CPython 3.11's object allocators on real bytes: pymalloc's arenas,
 * pools and blocks, the per-type free lists, the small-int cache and string interning.
 *
 * @example
 * import { RawAllocator } from "@heaplab/raw-allocator";
 * import { Pymalloc, CPythonFreeLists } from "@heaplab/object-allocator";
 * const obj = new Pymalloc(rt.os, new RawAllocator(rt.os));
 * const p = obj.malloc(32);
 * console.error(obj.debugMallocStats(new CPythonFreeLists().debugLines()));
 */
export * from "./arena-map";
export * from "./cpython-free-lists";
export * from "./debug-malloc-stats";
export * from "./free-list";
export * from "./intern-table";
export * from "./obmalloc-constants";
export * from "./pymalloc";
export * from "./pymalloc-verify";
export * from "./small-int-cache";

/** The package name. */
export const PACKAGE = "@heaplab/object-allocator";
