import type { CPythonProfile } from "../cpython/version-profile";
import type { CollectReason, EventStream } from "../events/event-stream";
import type { LinearMemory } from "../memory/linear-memory";
import type { OsMemory } from "../memory/os-memory";
import type { ObjectModel } from "../model/object-model";
import type { TypeInfo } from "../model/type-info";
import type { TypeRegistry } from "../model/type-registry";
import type { HandleTable } from "../roots/handle-table";
import type { GcModule } from "./gc-module";

/**
 * What a strategy is, stated as data: the runtime and the tools read this instead of asking
 * "which collector is this".
 * @example
 * if (rt.strategy.constraints.movesObjects) console.log("addresses change in a collection");
 */
export interface Constraints {
  /** Objects may change address during a collection (handles are updated). */
  readonly movesObjects: boolean;
  /** Young objects are collected separately from old ones. */
  readonly generational: boolean;
  /** Every object carries a reference count and dies when it reaches zero. */
  readonly referenceCounting: boolean;
  /** Unreachable cycles are reclaimed. */
  readonly reclaimsCycles: boolean;
  /** Finalizers run at the moment the last reference goes (CPython), not on a later queue. */
  readonly deterministicFinalization: boolean;
  /** What a reference store costs: nothing, refcount updates, a card mark, or both. */
  readonly barrier: "none" | "refcount" | "card" | "object-remembering";
  /** Objects at least this large go to a large-object space (bytes); `Infinity` if there is none. */
  readonly largeObjectThreshold: number;
  /** Whether objects can be pinned (never moved). */
  readonly pinning: boolean;
  /** Number of generations `collect(generation)` accepts (`0 .. generations - 1`). */
  readonly generations: number;
  /** One line on what the strategy does with large, pinned and unmovable objects. */
  readonly largeObjects: string;
  /** The smallest heap limit, in bytes, this strategy can be built with; a smaller one is refused. */
  minHeapBytes?: number;
}

/**
 * Counters every strategy keeps, in bytes and objects.
 * @example
 * const { heldBytes, usedBytes, collections } = rt.strategy.stats();
 */
export interface HeapStats {
  /** Bytes the strategy holds from the operating system (arenas, spaces, raw blocks). */
  heldBytes: number;
  /** Bytes in objects and auxiliary storage not yet freed. */
  usedBytes: number;
  /** Objects allocated and not yet freed (by the strategy's knowledge: dead but unswept count as used). */
  liveObjects: number;
  /** Bytes returned to the operating system so far. */
  returnedBytes: number;
  /** Free bytes inside held memory that cannot serve a request of the largest free block + 1. */
  fragmentation: number;
  /** Collections run, per generation. */
  collections: number[];
}

/**
 * What a strategy may rely on. The runtime builds this and passes it to `attach`.
 * @example
 * attach(heap: HeapServices): void { this.heap = heap; this.base = heap.os.map(1 << 20); }
 */
export interface HeapServices {
  readonly memory: LinearMemory;
  readonly os: OsMemory;
  readonly types: TypeRegistry;
  readonly roots: HandleTable;
  readonly events: EventStream;
  readonly model: ObjectModel;
  /** Allocations made so far (the logical clock of events). */
  allocations(): number;
  /**
   * Runs the type's finalizer on `obj` with a temporary handle (which retains and releases it),
   * records the event, and reports an exception as unraisable instead of throwing.
   */
  runFinalizer(obj: number, gcSeq: number): void;
  /** Runs the callback of weak reference `wr` (already cleared), with the same care. */
  runWeakrefCallback(wr: number, gcSeq: number): void;
  /** Whether weak reference `wr` has a callback. */
  hasWeakrefCallback(wr: number): boolean;
  /**
   * Asks the runtime to call `drainFinalizers` at its next safepoint (the start of the next mutator
   * operation), the way a JVM's finalizer thread or the CLR's f-reachable queue runs later.
   */
  requestFinalization(): void;
  /** The next collection sequence number (1, 2, ...); strategies number their collections with it. */
  nextGcSeq(): number;
}

/**
 * The contract between the runtime and a memory-management strategy (MMTk's "plan").
 *
 * A strategy owns the bytes before each object's type word (its header), decides where objects live,
 * implements the reference-store barrier, and collects. It never imports another strategy; it composes
 * shared allocators, spaces and the object model.
 *
 * Invariants the runtime keeps: an object's body is initialised by the runtime right after `allocate`
 * returns, before any other allocation; raw addresses are never held across an allocation (only handles);
 * every reference store into a heap object goes through `writeRef`. A clear or a removal that takes
 * references out of an object (`list.clear()`, `del lst[i]`, `tp_clear`) detaches them first and then
 * drops each with `release`, so nothing sees a half-emptied container.
 * @example
 * class MyPlan implements Strategy { ... } // name, constraints, attach, allocate, writeRef, collect, ...
 * const rt = new Runtime(new MyPlan());
 */
export interface Strategy {
  /** Registered name, e.g. `cpython-3.11`, `mark-sweep`. */
  readonly name: string;
  /** One line for `heaplab strategies`. */
  readonly description: string;
  readonly constraints: Constraints;

  /** Called once by the runtime before any other method. */
  attach(heap: HeapServices): void;

  /** Bytes of this strategy's header before the type word of an object of type `t`. */
  prefixBytes(t: TypeInfo): number;

  /**
   * Allocates an object of type `t` whose body is `bodyBytes` long; writes the type word and the
   * strategy's header; zeroes the rest of the body. May collect first.
   * @returns the object's address (of its type word).
   * @throws MemoryError if no memory can be found after the fullest collection.
   */
  allocate(t: TypeInfo, bodyBytes: number): number;

  /**
   * Allocates `bytes` of auxiliary storage (a list's item array, a dict's keys table) owned by one object.
   * Never collects or moves an object (it fails fast with MemoryError instead): the object code in
   * `model/` holds raw addresses across it.
   */
  allocAux(bytes: number): number;
  /** Resizes auxiliary storage, keeping its content; may move it. `addr` 0 allocates. */
  reallocAux(addr: number, oldBytes: number, newBytes: number): number;
  /** Frees auxiliary storage. */
  freeAux(addr: number, bytes: number): void;

  /**
   * Stores reference `value` (0 = None) into the word at `slot`, which belongs to `obj` or its auxiliary
   * storage, with this strategy's barrier and reference accounting (refcount: retain new, store, release old).
   */
  writeRef(obj: number, slot: number, value: number): void;
  /**
   * Stores a weak word (a weak reference's referent, a weak-list link) at `slot` in `obj`: no reference
   * is counted, but generational strategies still see the store (barrier).
   */
  writeWeakRef(obj: number, slot: number, value: number): void;
  /** A reference from outside the heap (a handle) now points at `obj`. */
  retain(obj: number): void;
  /** A reference from outside the heap to `obj` went away (or a reference taken out of the heap by the runtime). */
  release(obj: number): void;

  /**
   * Collects `generation` (the oldest is `constraints.generations - 1`).
   * @returns the number of objects found dead (for CPython exactly what `gc.collect` returns).
   */
  collect(generation: number, reason: CollectReason): number;

  /** Calls `visit(obj)` for every object the strategy holds (live or not yet swept), in address order per space. */
  forEachObject(visit: (obj: number) => void): void;

  /** Whether `obj` is the address of an object the strategy holds. */
  isObject(obj: number): boolean;

  /**
   * Checks the strategy's own invariants (headers, free lists, spaces, remembered sets, refcounts).
   * @throws HeapCorruptionError naming the address and the problem.
   */
  verify(): void;

  /** Counters. */
  stats(): HeapStats;

  /** Whether `obj`'s finalizer has run (`gc.is_finalized`). */
  isFinalized(obj: number): boolean;

  /** The reference count, for strategies that keep one. */
  refcount?(obj: number): number;

  /**
   * The generation `obj` is in now (0 the youngest), for strategies whose generations are places in the
   * heap (the tracing plans); tools read it to show promotion. Example: `rt.strategy.generationOf?.(a)`.
   */
  generationOf?(obj: number): number;

  /** Young collections `obj` has survived (HotSpot's header age), for strategies that count them. */
  ageOf?(obj: number): number;

  /**
   * Pins `obj`: no collection moves it until `unpin` (the CLR's pinned GC handle, MMTk's `pin_object`).
   * Pins do not nest. Strategies that never move objects may omit it; moving strategies that cannot pin
   * throw a HeaplabError naming why (see `constraints.largeObjects`).
   */
  pin?(obj: number): void;
  /** Lets a pinned object move again. */
  unpin?(obj: number): void;

  /** CPython's `gc` module, for strategies that model it. */
  readonly gc?: GcModule;

  /**
   * The CPython release the strategy models (`cpython-3.x`, and `refcount` as 3.11 counts), for the
   * layers that mirror the interpreter around the heap: object sizes, the trace replayer's model of the
   * referee's loop, the Python interpreter's eval-breaker checks. Absent for the tracing strategies.
   */
  readonly profile?: CPythonProfile;

  /**
   * The interpreter reached an eval-breaker check (a call returned, a backward jump, a Python
   * function's RESUME): run what is pending there. Under `cpython-3.12`+ that is a collection
   * `_PyObject_GC_Link` scheduled (`_Py_RunGC`); strategies that collect inside the allocation have
   * nothing pending and may omit it.
   */
  evalBreaker?(): void;

  /** Runs finalizers and weak-reference callbacks queued by tracing collections (the finalizer thread). */
  drainFinalizers?(): number;

  /**
   * The shared empty tuple, if the strategy keeps its own (CPython's is static: untracked, never
   * counted). Without this hook the runtime allocates one `()` on first use and keeps it alive, so `()`
   * is one object under every strategy, as in CPython, Jython and IronPython.
   */
  emptyTuple?(): number;

  /** The cached object for int `v` (CPython's small ints -5..256), or 0 when `v` is not cached. */
  cachedInt?(v: number): number;
  /** The interned str equal to `s` (`sys.intern`), allocating and interning it if needed; 0 if unsupported. */
  internString?(s: string): number;
  /** The shared str for `s` if the strategy keeps one (CPython: `""` and each one-character Latin-1 str), else 0. */
  cachedStr?(s: string): number;
}

/**
 * Options common to every strategy factory.
 * @example
 * createNoneStrategy({ heapLimit: 16 << 20, settings: {} });
 */
export interface StrategyOptions {
  /** Heap limit in bytes (memory held from the operating system). */
  heapLimit?: number;
  /** Extra, strategy-specific settings (`never-release-arenas`, `survivor-ratio`, ...). */
  settings?: Record<string, string | number | boolean>;
}

/**
 * Makes a strategy instance.
 * @example
 * const create: StrategyFactory = (options) => createNoneStrategy(options);
 */
export type StrategyFactory = (options: StrategyOptions) => Strategy;
