/** @heaplab/object-allocator: CPython 3.11's object allocators on real bytes: pymalloc arenas, pools and blocks, free lists, the small-int cache, interning. */
export const PACKAGE = "@heaplab/object-allocator";
