/**
 * @heaplab/refcount — reference counting as CPython 3.11 does it: the header before the type word,
 * deallocation in CPython's order (finalizer once with PEP 442 resurrection, weak-reference callbacks
 * newest first, contents, then memory back to a free list or the allocator), the trashcan,
 * `getrefcount`, and the `refcount` strategy (counting alone: cycles leak).
 *
 * This entry point is the public API: the `refcount` strategy and `getrefcount`. The heap the
 * CPython-style strategies share (`RefcountHeap`), its header layout, deallocation and `tp_clear` are
 * building blocks for heaplab's own strategies, behind `@heaplab/refcount/internals`.
 *
 * @example
 * import { refcountStrategy } from "@heaplab/refcount";
 * const rt = new Runtime(refcountStrategy.create({}));
 */

// The weak containers moved to @heaplab/runtime (they use only the Runtime API); these re-exports keep
// imports from @heaplab/refcount working until the next minor version.
export {
  HeapWeakSet,
  type WeakIterator,
  WeakKeyDictionary,
  WeakValueDictionary,
} from "@heaplab/runtime";
export { getrefcount } from "./getrefcount";
export {
  createRefcountStrategy,
  RefcountStrategy,
  refcountStrategy,
} from "./refcount-strategy";
