/**
 * @heaplab/refcount/internals — the building blocks of heaplab's CPython-style strategies: the heap
 * they share (`RefcountHeap`: allocation through the free lists and pymalloc, incref/decref, the heap
 * walk), the header layout before the type word (`header`), the dense type table, type kinds,
 * deallocation in CPython's order, `PyObject_ClearWeakRefs`, the trashcan, `tp_clear`, the hooks a
 * cycle collector plugs in (`GcHooks`) and the refcount verifier. `@heaplab/generational` builds the
 * `cpython-3.11` strategy from them. They may change between minor versions; programs outside heaplab
 * should use `@heaplab/refcount`.
 *
 * @example
 * import { asGc, fromGc } from "@heaplab/refcount/internals";
 * fromGc(asGc(obj)) === obj; // the PyGC_Head sits before the refcount, before the type word
 */
export * from "./allocator-settings";
export * from "./clear-weakrefs";
export * from "./dealloc";
export * from "./gc-hooks";
export * from "./header";
export * from "./kinds";
export * from "./object-bitmap";
export * from "./refcount-heap";
export * from "./scratch-stack";
export * from "./tp-clear";
export * from "./trashcan";
export * from "./type-table";
export * from "./verify-refcounts";
