/**
 * Where object memory and auxiliary storage come from: `PyObject_Malloc`/`PyMem_Malloc` (pymalloc in
 * CPython 3.11, which hands blocks above 512 bytes to the raw allocator). `@heaplab/object-allocator`'s
 * `Pymalloc` has this shape.
 *
 * @example
 * const block = memory.malloc(56);
 * memory.free(block);
 */
export interface ObjectMemory {
  malloc(bytes: number): number;
  /** Resizes, keeping the content; `addr` 0 allocates. */
  realloc(addr: number, bytes: number): number;
  free(addr: number): void;
}

/** The kinds of object CPython 3.11 keeps on free lists (dict keys objects are not objects). */
export type FreeListKind = "float" | "tuple" | "list" | "dict";

/**
 * CPython 3.11's per-type free lists, as the deallocators and `clear_freelists` use them. `size` is the
 * tuple length (ignored for other kinds). A pop or push never passes through `gc_alloc` or
 * `PyObject_GC_Del`, so it never moves `gc.get_count()`.
 *
 * @example
 * if (!lists.push("list", obj, 0)) memory.free(obj - 24);
 * const again = lists.pop("list", 0); // obj
 */
export interface ObjectFreeLists {
  /** The address of a saved object of this kind (and tuple size), or 0. */
  pop(kind: FreeListKind, size: number): number;
  /** Saves a dead object; false when its list is full or the kind/size is not saved. */
  push(kind: FreeListKind, obj: number, size: number): boolean;
  /** `clear_freelists()`: empties every list, calling `release` for each saved object. */
  clear(release: (obj: number, kind: FreeListKind) => void): void;
}
