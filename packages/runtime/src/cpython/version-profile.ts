/**
 * What one CPython release does differently in memory management, as data. A `cpython-3.x` strategy is
 * one composition of the shared pieces (pymalloc, free lists, reference counting, the generational
 * collector, the gc module) read through its profile; no version is a copy of another with edits. Each
 * field names the CPython source it comes from and the release it was checked against (the referee).
 *
 * The profile lives in the runtime because every layer reads part of it: the object model (sizes), the
 * reference-counting heap (immortality, free lists), the collector (thresholds, when an automatic
 * collection runs, dict tracking), the `gc` module (its API's shape), the trace replayer and the Python
 * interpreter (what the interpreter loop does around a call: eval-breaker checks, argument tuples).
 *
 * Read today: `gc.thresholds`, `trigger`, `runChecksEnabled`, `immortalContainersAtStart`,
 * `immortalInCollection` (collector, strategy); `refcount.*` (`RefcountHeap`, `clear-weakrefs.ts`,
 * the trashcan); `freeLists.tupleReuseMax`; `interpreter.*` (the trace replayer's `RefereeLoop`);
 * `messages.delUnraisable` (the finalizer runner); `gc.collector` and `gc.dictTracking` (the
 * comparison's version findings, which explain a difference by them; `cpython-3.14`'s own class is the
 * incremental collector that tracks every dict). Stated but not read yet — the object model still lays
 * out 3.11's objects: `sizes.*`, `gc.materializedDictStaysUntracked`.
 *
 * @example
 * const p = cpythonProfile("3.12");
 * p.gc.thresholds; // [700, 10, 10]
 * p.gc.trigger; // "eval-breaker": a collection waits for the next call, backward jump or RESUME
 */
export interface CPythonProfile {
  /** `major.minor`, as `sys.version_info[:2]` prints it: the referee's `"python"` field. */
  readonly version: CPythonVersion;
  /** The release the facts were checked against (the referee on these machines). */
  readonly release: string;
  /** The strategy's name in the catalog: `cpython-3.11`. */
  readonly strategyName: string;
  /** One line for `heaplab strategies`. */
  readonly description: string;
  readonly gc: GcProfile;
  readonly refcount: RefcountProfile;
  readonly sizes: SizeProfile;
  readonly freeLists: FreeListProfile;
  readonly interpreter: InterpreterProfile;
  readonly messages: MessageProfile;
}

/** The CPython versions heaplab models. */
export type CPythonVersion = "3.11" | "3.12" | "3.13" | "3.14";

/** The cycle collector and the `gc` module (`Modules/gcmodule.c`, 3.13+ `Python/gc.c`). */
export interface GcProfile {
  /** `gc.get_threshold()` at start (`Include/internal/pycore_runtime_init.h`). */
  readonly thresholds: readonly [number, number, number];
  /**
   * When an automatic collection runs once `_PyObject_GC_Link` finds generation 0 over its threshold.
   * `allocation` (3.11): right there, inside the allocation, before the new object is tracked.
   * `eval-breaker` (3.12+, gh-97922): `_Py_ScheduleGC` sets a flag and `_Py_RunGC` collects at the next
   * eval-breaker check (a call returning, a backward jump, a Python function's RESUME).
   */
  readonly trigger: "allocation" | "eval-breaker";
  /**
   * Whether `_Py_RunGC` first checks `gc.isenabled()`, so a collection scheduled before `gc.disable()`
   * does not run (3.13). 3.12.1 runs it anyway: measured, `a = []` … `gc.disable()` inside one function
   * with threshold 5 collects on 3.12.1 and not on 3.13.0. (It can only be scheduled while enabled.)
   */
  readonly runChecksEnabled: boolean;
  /** The collector's shape: three generations (3.11–3.13, 3.14.5+) or the incremental one (3.14.0–3.14.4). */
  readonly collector: "generational" | "incremental";
  /**
   * Dict tracking. `maintain` (3.11–3.13, `MAINTAIN_TRACKING`): a new dict is untracked until a
   * may-be-tracked key or value is stored, and only full collections untrack dicts (`untrack_dicts`).
   * `always` (3.14, gh-127010): every dict is tracked from creation.
   */
  readonly dictTracking: "maintain" | "always";
  /**
   * 3.13.0's gh-133543: a materialised instance `__dict__` is not re-tracked when a may-be-tracked
   * value is stored into it later, so a cycle through it leaks. False where stores track it.
   */
  readonly materializedDictStaysUntracked: boolean;
  /**
   * GC-tracked immortal objects the interpreter has at start: 3.12.1 has 375 (3.11 and 3.13 none), and
   * they sit in the permanent generation, so `gc.get_freeze_count()` reads 375 at start. heaplab keeps
   * that many inert immortal lists there.
   */
  readonly immortalContainersAtStart: number;
  /**
   * What `update_refs` does with an immortal object it meets in a collection (its refcount says nothing
   * about its references). `permanent` (3.12): move it to the permanent generation — measured on
   * 3.12.1: after `gc.unfreeze()` the 375 sit in generation 2 and the next full collection puts them
   * back (freeze count 0, then 375 again). `untrack` (3.13+): untrack it.
   */
  readonly immortalInCollection: "permanent" | "untrack";
}

/** Reference counting (`Include/object.h`, PEP 683). */
export interface RefcountProfile {
  /**
   * The refcount immortal objects show (`sys.getrefcount`): `_Py_IMMORTAL_REFCNT`, UINT_MAX on 3.12 and
   * 3.13, `3 << 30` on 3.14; null on 3.11, which has no immortal objects. A refcount word with bit 31
   * set is immortal (CPython's `(int32_t)ob_refcnt < 0`): `Py_INCREF`/`Py_DECREF` leave it alone.
   */
  readonly immortalRefcnt: number | null;
  /**
   * The initial refcount of the static singletons (`()`, the small ints, the str singletons): 3.11's
   * `_PyObject_IMMORTAL_INIT` writes 999,999,999 and counting still runs on it; from 3.12 they are
   * immortal and this is `immortalRefcnt`.
   */
  readonly staticRefcnt: number;
  /** Whether strings interned by `sys.intern` are immortal (3.12) or mortal (3.11; 3.13.0 measured: refcount 2). */
  readonly internedImmortal: boolean;
  /**
   * When `PyObject_ClearWeakRefs` packs the dying object's weak references with callbacks, in pairs,
   * into a tuple (a GC allocation through the free list) before calling them. `several` (3.11, 3.12):
   * only for two or more; one is cleared and called directly. `always` (3.13, rewritten for
   * free-threading): for one too (measured: the death of an object with one callback reference leaves
   * `gc.get_count()` 1 higher on 3.13.0 than on 3.12.1, a 2-tuple on the free list).
   */
  readonly weakrefCallbackTuple: "several" | "always";
  /** When the trashcan defers a container's deallocation, and when it drains what it deferred. */
  readonly trashcan: TrashcanRule;
}

/**
 * The trashcan (`Py_TRASHCAN_BEGIN`/`END`) as two nesting depths of container deallocators: a
 * deallocator that starts at `depositAt` levels deep is deferred (deposited on the later-list), and a
 * deallocator that ends with the nesting back at `drainAtOrBelow` or less drains the list.
 *
 * 3.11 and 3.12 count the nesting (`_PyTrash_UNWIND_LEVEL` 50; drain at the outermost level): 50 and 0.
 * 3.13 counts C recursion instead: defer when `c_recursion_remaining <= Py_TRASHCAN_HEADROOM` (50),
 * drain when it is back above twice that. Measured in the referee's loop on 3.13.0 (a comb of 12,000
 * finalizable nodes): the 9,949th nested deallocator is deferred and the drain comes 50 levels up,
 * i.e. `c_recursion_remaining` is 9,998 there (`Py_C_RECURSION_LIMIT` 10,000): 9,948 and 9,897.
 * heaplab's deallocators recurse on the JavaScript stack, which overflows between 2,000 and 4,000
 * nested finalizable deallocations (measured), so the 3.13 profile defers at 1,000 and drains 51 up:
 * the same shape, exact for every nest under 1,000 deep (every generated trace, `more/`'s 130-deep
 * finalizer tree); deeper nests of finalizers run their `__del__` in another order than 3.13.0's.
 */
export interface TrashcanRule {
  readonly depositAt: number;
  readonly drainAtOrBelow: number;
}

/** Object sizes that differ between versions (64-bit; `sys.getsizeof` includes the pre-header). */
export interface SizeProfile {
  /**
   * `sys.getsizeof` of a plain class instance with no `__dict__` materialised: 56 on 3.11 (a two-word
   * managed-dict pre-header plus a `__weakref__` slot), 48 on 3.12+ (the pre-header holds the dict-or-
   * values word and the managed weak-reference list; the object itself is 16 bytes).
   */
  readonly instanceBytes: number;
  /** Extra bytes in every tuple: 0, or 8 on 3.14 (the cached hash, `ob_hash`). */
  readonly tupleExtraBytes: number;
  /**
   * Where a class's `__weakref__` lives. False (3.11): a slot in the object (`tp_weaklistoffset` > 0),
   * so `__slots__ = ('a','b','c','d','__weakref__')` is 72 bytes. True (3.12+, `Py_TPFLAGS_MANAGED_WEAKREF`):
   * in a two-word pre-header before the `PyGC_Head`, so the same class is 80 bytes.
   */
  readonly managedWeakref: boolean;
}

/** The per-type free lists (`Include/internal/pycore_freelist.h` from 3.13). */
export interface FreeListProfile {
  /** Tuples of 1..`tupleReuseMax` items are popped from the free list: 19 before 3.14 (20-tuples saved, never reused), 20 on 3.14 (gh-121439). */
  readonly tupleReuseMax: number;
}

/**
 * What the bytecode interpreter does around calls that the referee's and a program's Python code make,
 * where it changes allocations the collector counts or when a scheduled collection runs.
 */
export interface InterpreterProfile {
  /**
   * How a function's code warms up. `function` (3.11): the code is quickened on the function's 8th call
   * (RESUME counts up), until then every call instruction is generic. `instruction` (3.12+): code is
   * quickened when it is created, and each specialisable instruction specialises on its second
   * execution (adaptive counter warm-up of 1).
   */
  readonly warmup: "function" | "instruction";
  /**
   * Whether `str(x)` is a vectorcall (3.13+): a call builds no argument tuple even unspecialised. Before
   * 3.13 a generic call of `str` packs its argument into a 1-tuple (a GC allocation through the tuple
   * free list; measured with `gc.get_count()`: 3.12.1 cold +1, warm 0; 3.13.0 0).
   */
  readonly strVectorcall: boolean;
  /**
   * Whether raising an exception in C makes the exception object at once (3.12+, which keeps only
   * normalised exceptions) rather than lazily (3.11). Visible where CPython raises and clears inside one
   * call: `getattr(node, "unset_slot", None)` allocates an `AttributeError` (a GC object) and its
   * 1-tuple `args` on 3.12.1 and 3.13.0 (measured: `gc.get_count()` +1 net, the tuple staying on the
   * free list) and nothing on 3.11.7.
   */
  readonly eagerExceptions: boolean;
}

/** Texts CPython prints. */
export interface MessageProfile {
  /** The first line of an unraisable exception from `__del__`: `Exception ignored in: <function C.__del__ at 0x…>` (3.11–3.13). */
  readonly delUnraisable: (what: string) => string;
}

const GENERATIONAL_3_11: GcProfile = {
  thresholds: [700, 10, 10],
  trigger: "allocation",
  runChecksEnabled: false,
  collector: "generational",
  dictTracking: "maintain",
  materializedDictStaysUntracked: false,
  immortalContainersAtStart: 0,
  immortalInCollection: "permanent",
};

const IGNORED_IN = (what: string) => `Exception ignored in: ${what}`;

/** CPython 3.11 (3.11.7 on these machines): the reference every other version is described against. */
export const CPYTHON_3_11: CPythonProfile = {
  version: "3.11",
  release: "3.11.7",
  strategyName: "cpython-3.11",
  description:
    "CPython 3.11: reference counting plus the generational cycle collector (700/10/10), free lists, pymalloc",
  gc: GENERATIONAL_3_11,
  refcount: {
    immortalRefcnt: null,
    staticRefcnt: 999_999_999,
    internedImmortal: false,
    weakrefCallbackTuple: "several",
    trashcan: { depositAt: 50, drainAtOrBelow: 0 },
  },
  sizes: { instanceBytes: 56, tupleExtraBytes: 0, managedWeakref: false },
  freeLists: { tupleReuseMax: 19 },
  interpreter: { warmup: "function", strVectorcall: false, eagerExceptions: false },
  messages: { delUnraisable: IGNORED_IN },
};

/** `_Py_IMMORTAL_REFCNT` on 64-bit 3.12 and 3.13: UINT_MAX. */
const UINT_MAX = 4_294_967_295;

/**
 * CPython 3.12 (3.12.1): PEP 683 immortal objects, collections scheduled to the eval breaker
 * (gh-97922), instances 8 bytes smaller, 375 immortal containers in the permanent generation at start; the collector itself as 3.11's.
 */
export const CPYTHON_3_12: CPythonProfile = {
  version: "3.12",
  release: "3.12.1",
  strategyName: "cpython-3.12",
  description:
    "CPython 3.12: 3.11's collector (700/10/10) run at the next eval-breaker check, immortal objects (PEP 683), free lists, pymalloc",
  gc: {
    ...GENERATIONAL_3_11,
    trigger: "eval-breaker",
    runChecksEnabled: false,
    immortalContainersAtStart: 375,
  },
  refcount: {
    immortalRefcnt: UINT_MAX,
    staticRefcnt: UINT_MAX,
    internedImmortal: true,
    weakrefCallbackTuple: "several",
    trashcan: { depositAt: 50, drainAtOrBelow: 0 },
  },
  sizes: { instanceBytes: 48, tupleExtraBytes: 0, managedWeakref: true },
  freeLists: { tupleReuseMax: 19 },
  interpreter: { warmup: "instruction", strVectorcall: false, eagerExceptions: true },
  messages: { delUnraisable: IGNORED_IN },
};

/**
 * CPython 3.13 (3.13.0): 3.12's model with threshold 0 at 2000 (kept from the reverted incremental
 * collector) and gh-133543 (a materialised instance `__dict__` is not re-tracked).
 */
export const CPYTHON_3_13: CPythonProfile = {
  ...CPYTHON_3_12,
  version: "3.13",
  release: "3.13.0",
  strategyName: "cpython-3.13",
  description:
    "CPython 3.13: the generational collector (2000/10/10) run at the next eval-breaker check, immortal objects, free lists, pymalloc",
  gc: {
    ...CPYTHON_3_12.gc,
    thresholds: [2000, 10, 10],
    runChecksEnabled: true,
    immortalContainersAtStart: 0,
    immortalInCollection: "untrack",
    materializedDictStaysUntracked: true,
  },
  refcount: {
    ...CPYTHON_3_12.refcount,
    internedImmortal: false,
    weakrefCallbackTuple: "always",
    trashcan: { depositAt: 1000, drainAtOrBelow: 949 },
  },
  interpreter: { ...CPYTHON_3_12.interpreter, strVectorcall: true },
};
