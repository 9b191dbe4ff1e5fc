/** @heaplab/raw-allocator: PyMem_RawMalloc and the operating system beneath it: a TLSF malloc on heaplab's linear memory, with CPython-style debug hooks. */
export const PACKAGE = "@heaplab/raw-allocator";
