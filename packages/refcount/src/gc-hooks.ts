/**
 * What reference counting asks of a cycle collector. The deallocators of `@heaplab/refcount` call
 * these at the points CPython 3.11 does (`PyObject_GC_UnTrack` before a container is torn down,
 * `_PyObject_GC_TRACK` around `__del__`, `_PyObject_GC_Link` on a fresh GC allocation,
 * `PyObject_GC_Del` when the memory goes back). A strategy without a collector passes
 * `NO_CYCLE_COLLECTOR`.
 *
 * @example
 * const hooks: GcHooks = { ...NO_CYCLE_COLLECTOR, gcLinked: () => count0++ };
 */
export interface GcHooks {
  /** `_PyObject_GC_TRACK`: append an untracked object to the youngest generation. */
  track(obj: number): void;
  /** `PyObject_GC_UnTrack`: unlink the object if it is tracked (keeps only the FINALIZED bit). */
  untrack(obj: number): void;
  /** `_PyObject_GC_Link`: a GC object was allocated by the allocator (not a free list); may collect. */
  gcLinked(): void;
  /** `PyObject_GC_Del`: a GC object's memory goes back to the allocator. */
  gcDeleted(obj: number): void;
}

/** Hooks for counting alone: nothing is tracked, nothing is collected. */
export const NO_CYCLE_COLLECTOR: GcHooks = {
  track() {},
  untrack() {},
  gcLinked() {},
  gcDeleted() {},
};
