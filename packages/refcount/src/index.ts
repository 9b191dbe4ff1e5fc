/**
 * @heaplab/refcount — reference counting as CPython 3.11 does it: the header before the type word,
 * deallocation in CPython's order (finalizer once with PEP 442 resurrection, weak-reference callbacks
 * newest first, contents, then memory back to a free list or the allocator), the trashcan,
 * `getrefcount`, and the `refcount` strategy (counting alone: cycles leak).
 *
 * @example
 * import { refcountStrategy } from "@heaplab/refcount";
 * const rt = new Runtime(refcountStrategy.create({}));
 */

// The weak containers moved to @heaplab/runtime (they use only the Runtime API); these re-exports keep
// imports from @heaplab/refcount working until the next minor version.
export { HeapWeakSet, type WeakIterator, WeakKeyDictionary, WeakValueDictionary } from "@heaplab/runtime";
export { IterationGuard, weakIterator } from "@heaplab/runtime/internals";
export * from "./allocator-settings";
export * from "./clear-weakrefs";
export * from "./dealloc";
export * from "./gc-hooks";
export * from "./getrefcount";
export * from "./header";
export * from "./kinds";
export * from "./object-bitmap";
export * from "./refcount-heap";
export * from "./refcount-strategy";
export * from "./scratch-stack";
export * from "./tp-clear";
export * from "./trashcan";
export * from "./type-table";
export * from "./verify-refcounts";
