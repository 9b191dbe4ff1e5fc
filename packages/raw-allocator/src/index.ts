/**
 * @heaplab/raw-allocator — `PyMem_RawMalloc` and the operating system beneath it: a TLSF malloc on
 * heaplab's linear memory, with CPython-style debug hooks (`PYTHONMALLOC=debug`).
 *
 * This entry point is the public API: the allocator, its options and statistics, the debug hooks and
 * the error they raise. The block layout, the size mapping and the debug hooks' API ids are heaplab's
 * own building blocks, behind `@heaplab/raw-allocator/internals`.
 *
 * @example
 * import { RawAllocator } from "@heaplab/raw-allocator";
 * const raw = new RawAllocator(rt.os, { debugHooks: true });
 * const p = raw.malloc(1000);
 * raw.free(p);
 */
export {
  type DebugErrorKind,
  DebugHooks,
  MemoryDebugError,
  type UnderlyingAllocator,
} from "./debug-hooks";
export {
  debugHooksFromEnvironment,
  RawAllocator,
  type RawAllocatorOptions,
} from "./raw-allocator";
export {
  type RawAllocatorStats,
  TlsfHeap,
  type TlsfOptions,
} from "./tlsf-heap";
