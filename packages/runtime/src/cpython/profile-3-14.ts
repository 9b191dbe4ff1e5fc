import { CPYTHON_3_13, type CPythonProfile } from "./version-profile";

/** `_Py_IMMORTAL_INITIAL_REFCNT` on 64-bit 3.14: `3 << 30`, what `sys.getrefcount(None)` shows. */
export const IMMORTAL_REFCNT_3_14 = 3_221_225_472;

/**
 * The same constant on a 32-bit build (Pyodide, wasm32): `7 << 28`. The only pointer-size fact a trace
 * observes (the refcount of `()`), so the 3.14 referee's results are read with it widened to 64-bit.
 */
export const IMMORTAL_REFCNT_3_14_32BIT = 1_879_048_192;

/**
 * CPython 3.14.0–3.14.4 (checked against 3.14.2, the Pyodide 314.0.8 referee): the incremental cycle
 * collector (a young generation and two old spaces, thresholds `(2000, 10, 0)`; 3.14.5 went back to
 * the generational one), every dict tracked from creation (gh-127010), a tuple tracked at creation
 * only when an item's type is a GC type (gh-139951), young counting tracked objects rather than
 * allocations, immortal objects at `3 << 30`, mortal interned strings, 20-tuples reused from the free
 * list (gh-121439), tuples 8 bytes larger (the cached hash), and the deallocator's unraisable wording.
 *
 * @example
 * CPYTHON_3_14.gc.collector; // "incremental"
 */
export const CPYTHON_3_14: CPythonProfile = {
  ...CPYTHON_3_13,
  version: "3.14",
  release: "3.14.2",
  strategyName: "cpython-3.14",
  description:
    "CPython 3.14.0–3.14.4: the incremental cycle collector (young + two old spaces, 2000/10/0) run at the next eval-breaker check, immortal objects, free lists, pymalloc",
  gc: {
    ...CPYTHON_3_13.gc,
    thresholds: [2000, 10, 0],
    collector: "incremental",
    dictTracking: "always",
    materializedDictStaysUntracked: false,
  },
  refcount: {
    ...CPYTHON_3_13.refcount,
    // The trashcan: 3.14 defers a deallocation when the C stack's margin runs low (gh-124715), a depth
    // that depends on the machine's stack and was not measured here. Pyodide's 3.14.2 does not defer in
    // a cascade 130 levels deep (a04); heaplab defers at 1,000 levels and drains 50 up (3.13's shape),
    // deep enough for that and shallow enough for its own deallocator's JavaScript stack (3.13's 9,948
    // levels overflow it on the 100,000-deep traces).
    trashcan: { depositAt: 1000, drainAtOrBelow: 950 },
    immortalRefcnt: IMMORTAL_REFCNT_3_14,
    staticRefcnt: IMMORTAL_REFCNT_3_14,
    internedImmortal: false,
  },
  sizes: { ...CPYTHON_3_13.sizes, tupleExtraBytes: 8 },
  freeLists: { tupleReuseMax: 20 },
  messages: { delUnraisable: (what) => `Exception ignored while calling deallocator ${what}:` },
};
