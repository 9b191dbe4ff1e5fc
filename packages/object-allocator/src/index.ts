/**
 * @heaplab/object-allocator — CPython 3.11's object allocators on real bytes: pymalloc's arenas,
 * pools and blocks, the per-type free lists, the small-int cache and string interning.
 *
 * This entry point is the public API: the allocators, their options and statistics, and the
 * `sys._debugmallocstats()` report. obmalloc's constants, the pool and arena layouts and the arena map
 * are heaplab's own building blocks, behind `@heaplab/object-allocator/internals`.
 *
 * @example
 * import { RawAllocator } from "@heaplab/raw-allocator";
 * import { Pymalloc, CPythonFreeLists } from "@heaplab/object-allocator";
 * const obj = new Pymalloc(rt.os, new RawAllocator(rt.os));
 * const p = obj.malloc(32);
 * console.error(obj.debugMallocStats(new CPythonFreeLists().debugLines()));
 */
export {
  CPythonFreeLists,
  type FreeListKind,
} from "./cpython-free-lists";
export {
  type FreeListLine,
  formatDebugMallocStats,
  type PoolCensus,
} from "./debug-malloc-stats";
export { FreeList } from "./free-list";
export { InternTable } from "./intern-table";
export {
  Pymalloc,
  type PymallocOptions,
  type PymallocStats,
} from "./pymalloc";
export { verifyPymalloc } from "./pymalloc-verify";
export { SmallIntCache } from "./small-int-cache";
