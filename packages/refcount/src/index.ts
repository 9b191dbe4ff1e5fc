/** @heaplab/refcount: Reference counting as CPython 3.11 does it: deallocation order, finalizers, weak references, the trashcan; and the refcount-only strategy. */
export const PACKAGE = "@heaplab/refcount";
