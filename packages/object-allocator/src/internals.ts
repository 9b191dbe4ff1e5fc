/**
 * @heaplab/object-allocator/internals — the building blocks heaplab's own packages share: obmalloc's
 * constants (`ARENA_SIZE`, `POOL_SIZE`, the size classes), the free lists' limits, the arena map and the
 * `_debugmallocstats` line formatters. They may change between
 * minor versions; programs outside heaplab should use `@heaplab/object-allocator`.
 *
 * @example
 * import { ARENA_SIZE } from "@heaplab/object-allocator/internals";
 * const arenas = Math.ceil(bytes / ARENA_SIZE);
 */
export * from "./arena-map";
export {
  ASYNC_GEN_MAXFREELIST,
  CONTEXT_MAXFREELIST,
  DICT_LOG_MINSIZE,
  DICT_MAXFREELIST,
  FLOAT_MAXFREELIST,
  LIST_MAXFREELIST,
  TUPLE_MAXFREELIST,
  TUPLE_MAXSAVESIZE,
} from "./cpython-free-lists";
export { freeListLine, printone } from "./debug-malloc-stats";
export * from "./obmalloc-constants";
export { NSMALLNEGINTS, NSMALLPOSINTS } from "./small-int-cache";
