import {
  ARENA_SIZE,
  CPythonFreeLists,
  type FreeListKind,
  InternTable,
  Pymalloc,
  SmallIntCache,
} from "@heaplab/object-allocator";
import { RawAllocator } from "@heaplab/raw-allocator";
import {
  type CollectReason,
  type Constraints,
  CPYTHON_3_11,
  type CPythonProfile,
  type HeapServices,
  type HeapStats,
  type LinearMemory,
  type ObjectModel,
  type SlotVisitor,
  type Strategy,
  type StrategyOptions,
  TypeId,
  type TypeInfo,
} from "@heaplab/runtime";
import {
  FLOAT_VALUE,
  intBodyBytes,
  OB_SIZE,
  strBodyBytes,
  writeInt,
  writeStr,
} from "@heaplab/runtime/internals";
import { type AllocatorSettings, allocatorSettings } from "./allocator-settings";
import { dealloc } from "./dealloc";
import { type GcHooks, NO_CYCLE_COLLECTOR } from "./gc-hooks";
import {
  GC_NEXT,
  GC_PREFIX,
  GC_PREV,
  IMMORTAL_BIT,
  PLAIN_PREFIX,
  PREV_MASK_FINALIZED,
  REFCNT,
} from "./header";
import { K_DICT, K_FLOAT, K_LIST, K_TUPLE, kindCode } from "./kinds";
import { ObjectBitmap } from "./object-bitmap";
import { ScratchStack } from "./scratch-stack";
import { Trashcan } from "./trashcan";
import {
  TT_FINALIZER,
  TT_FIXED_BODY,
  TT_KIND,
  TT_PREFIX,
  TT_SLOTS,
  TT_STRIDE,
  TT_WEAKLIST,
  TypeTable,
} from "./type-table";
import { verifyRefcounts } from "./verify-refcounts";

/**
 * CPython 3.11's object heap under reference counting, the building block of the `refcount` and
 * `cpython-3.11` strategies (it is not itself a strategy): CPython's header before every type word,
 * objects and auxiliary storage from pymalloc (`Pymalloc`, blocks above 512 bytes from the raw
 * allocator), CPython 3.11's free lists (`CPythonFreeLists`), the small-int cache (`SmallIntCache`),
 * mortal interned strings (`InternTable`), `Py_INCREF`/`Py_DECREF` on `ob_refcnt`,
 * deallocation in CPython's order with the trashcan (`dealloc.ts`), the static `()` and small ints, a
 * live-object bitmap for the heap walk, and the refcount verifier. A cycle collector plugs in through
 * `hooks` (`GcHooks`) and overrides `collect`.
 *
 * @example
 * class Counting extends RefcountHeap { name = "refcount"; ... }
 * const rt = new Runtime(new Counting());
 */
export abstract class RefcountHeap implements Strategy {
  abstract readonly name: string;
  abstract readonly description: string;
  abstract readonly constraints: Constraints;

  heap!: HeapServices;
  memory!: LinearMemory;
  model!: ObjectModel;
  /** `PyMem_RawMalloc`: the TLSF heap beneath pymalloc (blocks above 512 bytes, the arenas vector). */
  raw!: RawAllocator;
  /** `PyObject_Malloc` and `PyMem_Malloc` (both pymalloc in 3.11): every object and auxiliary block. */
  objects!: Pymalloc;
  /** CPython 3.11's per-type free lists (floats, tuples 1..20, lists, dicts); a full collection clears them. */
  readonly freeLists: CPythonFreeLists;
  /** The 262 static small ints, -5..256. */
  readonly smallInts = new SmallIntCache();
  /** `interned`: mortal in 3.11 (the table's references are not counted). */
  readonly interned = new InternTable();
  /** The cycle collector's hooks; counting alone uses none. */
  hooks: GcHooks = NO_CYCLE_COLLECTOR;
  readonly live = new ObjectBitmap();
  readonly scratch = new ScratchStack();
  trash!: Trashcan;
  /** Bytes in live objects and their auxiliary storage. */
  usedBytes = 0;
  /**
   * Static singletons: `()`, the small ints, the str singletons (and, where the profile makes them
   * immortal, interned strings). Their refcount starts at `profile.refcount.staticRefcnt` (3.11:
   * 999,999,999 and counted; 3.12+: immortal); never freed.
   */
  readonly statics = new Set<number>();
  /** The CPython release this heap counts as (immortality, interning); 3.11 unless a strategy says. */
  readonly profile: CPythonProfile;
  protected emptyTupleAddr = 0;
  /** Addresses of the str singletons made so far: index 0 for `""`, 1 + c for the character c. */
  private readonly strSingletons = new Uint32Array(257);
  /** Every registered type's hot-path facts, one dense row per type id, filled at registration. */
  readonly typeTable = new TypeTable();
  /** `typeTable.rows`, held directly for the allocation and deallocation paths (replaced as it grows). */
  private rows = this.typeTable.rows;
  private readonly allocators: AllocatorSettings;
  private readonly refTaker: SlotVisitor;

  /**
   * `options.settings` may set pymalloc's `neverReleaseArenas` and `debugHooks` (`allocator-settings.ts`);
   * `profile` is the CPython release whose counting rules apply (default 3.11).
   */
  constructor(options: StrategyOptions = {}, profile: CPythonProfile = CPYTHON_3_11) {
    this.profile = profile;
    this.freeLists = new CPythonFreeLists(profile.freeLists.tupleReuseMax);
    this.allocators = allocatorSettings(options);
    const scratch = this.scratch;
    this.refTaker = {
      visit: (slot: number) => scratch.push(this.memory.u32[slot >>> 2]!),
    };
  }

  attach(heap: HeapServices): void {
    this.heap = heap;
    this.memory = heap.memory;
    this.model = heap.model;
    this.raw = new RawAllocator(
      heap.os,
      this.allocators.debugHooks !== undefined ? { debugHooks: this.allocators.debugHooks } : {},
    );
    this.objects = new Pymalloc(heap.os, this.raw, this.allocators.pymalloc);
    this.trash = new Trashcan(
      () => this.memory.u32,
      (obj) => dealloc(this, obj),
      this.profile.refcount.trashcan,
    );
    // One row per type, written when the type is registered: the builtins and any class registered
    // before this strategy was attached now, every later class from the registry's hook.
    const fill = (t: TypeInfo) => {
      this.typeTable.fill(t, this.model);
      this.rows = this.typeTable.rows;
    };
    for (let id = 1; id < heap.types.size; id++) fill(heap.types.get(id));
    heap.types.onRegister(fill);
    this.makeStatics();
  }

  /** `()` and the small ints -5..256: allocated once, never tracked, never counted, never freed. */
  private makeStatics(): void {
    const tuple = this.heap.types.get(TypeId.tuple);
    this.emptyTupleAddr = this.makeStatic(this.rawObject(tuple, 16));
    const int = this.heap.types.get(TypeId.int);
    this.smallInts.fill((v) => {
      const obj = this.rawObject(int, intBodyBytes(v));
      writeInt(this.memory, obj, v);
      return this.makeStatic(obj);
    });
  }

  /** Makes `obj` a static singleton: the profile's static refcount, never freed. */
  private makeStatic(obj: number): number {
    this.setRefcnt(obj, this.profile.refcount.staticRefcnt);
    this.statics.add(obj);
    return obj;
  }

  prefixBytes(t: TypeInfo): number {
    return t.gc ? GC_PREFIX : PLAIN_PREFIX;
  }

  /**
   * The kind code (`kinds.ts`) of the object at `obj`, from the type table.
   * @throws PyTypeError for a type word no registered type has (a corrupted object).
   */
  kindOf(obj: number): number {
    const id = this.memory.u32[obj >>> 2]!;
    const k = this.rows[id * TT_STRIDE + TT_KIND]!;
    // an id past the table reads undefined: both fall to the registry, which throws for a bad id
    return k > 0 ? k : kindCode(this.heap.types.get(id));
  }

  /** The number of `__slots__` of the object's type (0 for other kinds). */
  slotCountOf(obj: number): number {
    return this.rows[this.rowOf(obj) + TT_SLOTS]!;
  }

  /** Whether the object's type has `__del__` (`tp_finalize`). */
  hasFinalizer(obj: number): boolean {
    return this.rows[this.rowOf(obj) + TT_FINALIZER] === 1;
  }

  /** The object's `tp_weaklistoffset` (-1 when its type takes no weak references). */
  weaklistOffsetOf(obj: number): number {
    return this.rows[this.rowOf(obj) + TT_WEAKLIST]!;
  }

  /** Where the row of `obj`'s type starts in `rows`. */
  private rowOf(obj: number): number {
    const row = this.memory.u32[obj >>> 2]! * TT_STRIDE;
    if (this.rows[row + TT_KIND]! > 0) return row;
    this.heap.types.get(row / TT_STRIDE); // throws for a corrupted type word
    return 0;
  }

  /** Whether the object's type is a GC type (has a `PyGC_Head`). */
  isGcObject(obj: number): boolean {
    return this.model.typeOf(obj).gc;
  }

  // ------------------------------------------------------------------ allocation

  /** Takes a block from the object allocator and writes a fresh header and type word; not yet live. */
  private rawObject(t: TypeInfo, bodyBytes: number): number {
    const prefix = t.gc ? GC_PREFIX : PLAIN_PREFIX;
    const block = this.objects.malloc(prefix + bodyBytes);
    const obj = block + prefix;
    this.initObject(t, obj, bodyBytes);
    return obj;
  }

  private initObject(t: TypeInfo, obj: number, bodyBytes: number): void {
    const m = this.memory;
    const start = obj - (t.gc ? GC_PREFIX : PLAIN_PREFIX);
    const bytes = (t.gc ? GC_PREFIX : PLAIN_PREFIX) + bodyBytes;
    if (bytes <= 128) {
      // Small objects: zero word by word (a typed-array fill call costs more than the loop).
      const u32 = m.u32;
      const end = (start + bytes) >>> 2;
      for (let i = start >>> 2; i < end; i++) u32[i] = 0;
      for (let b = start + (bytes & ~3); b < start + bytes; b++) m.u8[b] = 0;
    } else {
      m.fill(start, bytes, 0);
    }
    m.u32[(obj + REFCNT) >>> 2] = 1;
    m.u32[obj >>> 2] = t.id;
    this.live.set(obj);
    this.usedBytes += (t.gc ? GC_PREFIX : PLAIN_PREFIX) + bodyBytes;
  }

  /**
   * `PyObject_New`/`PyObject_GC_New` and the free lists: a float, list, dict or tuple (1..19 items)
   * comes from its free list when one is saved, without touching the GC count; otherwise the object
   * allocator gives a block and, for GC types, `gcLinked` counts it (and may collect) before the object
   * is initialised and tracked. Dicts start untracked (`MAINTAIN_TRACKING` tracks them later).
   */
  allocate(t: TypeInfo, bodyBytes: number): number {
    const k = this.rows[t.id * TT_STRIDE + TT_KIND]!;
    let obj = 0;
    if (k === K_FLOAT) obj = this.freeLists.popFloat();
    else if (k === K_LIST) obj = this.freeLists.popList();
    else if (k === K_DICT) obj = this.freeLists.popDict();
    else if (k === K_TUPLE) obj = this.freeLists.popTuple((bodyBytes - 16) >>> 3);
    if (obj === 0) {
      const prefix = t.gc ? GC_PREFIX : PLAIN_PREFIX;
      obj = this.objects.malloc(prefix + bodyBytes) + prefix;
      if (t.gc) this.hooks.gcLinked();
    }
    this.initObject(t, obj, bodyBytes);
    if (k === K_TUPLE) this.memory.u32[(obj + OB_SIZE) >>> 2] = (bodyBytes - 16) >>> 3;
    if (t.gc && k !== K_DICT) this.hooks.track(obj);
    return obj;
  }

  /** A tuple of `n` None items, made inside the heap (the callback tuple of `PyObject_ClearWeakRefs`). */
  newTuple(n: number): number {
    return this.allocate(this.heap.types.get(TypeId.tuple), 16 + 8 * n);
  }

  allocAux(bytes: number): number {
    this.usedBytes += bytes;
    return this.objects.malloc(bytes);
  }

  reallocAux(addr: number, oldBytes: number, newBytes: number): number {
    this.usedBytes += newBytes - (addr === 0 ? 0 : oldBytes);
    return addr === 0 ? this.objects.malloc(newBytes) : this.objects.realloc(addr, newBytes);
  }

  freeAux(addr: number, bytes: number): void {
    this.usedBytes -= bytes;
    this.objects.free(addr);
  }

  /** Bytes of an object's block (header + body). */
  objectBytes(obj: number): number {
    const id = this.memory.u32[obj >>> 2]!;
    const rows = this.rows;
    const row = id * TT_STRIDE;
    if (rows[row + TT_KIND]! > 0 && rows[row + TT_FIXED_BODY] !== 0)
      return rows[row + TT_PREFIX]! + rows[row + TT_FIXED_BODY]!;
    const t = this.model.typeOf(obj);
    return (t.gc ? GC_PREFIX : PLAIN_PREFIX) + this.model.bodyBytesOf(t, obj);
  }

  /**
   * `PyObject_Free` / `PyObject_GC_Del`: the object stops being live and its block goes back to the
   * object allocator; for a GC type the collector is told first (unlink if tracked, count down).
   */
  freeObject(obj: number): void {
    const id = this.memory.u32[obj >>> 2]!;
    const rows = this.rows;
    const row = this.rowOf(obj);
    const prefix = rows[row + TT_PREFIX]!;
    const fixed = rows[row + TT_FIXED_BODY]!;
    const bytes = prefix + (fixed !== 0 ? fixed : this.model.bodyBytesOf(this.model.typeOf(obj), obj));
    if (prefix === GC_PREFIX) this.hooks.gcDeleted(obj);
    this.live.clear(obj);
    this.usedBytes -= bytes;
    if (this.heap.events.tracing) this.heap.events.free(obj, id, bytes);
    this.objects.free(obj - prefix);
  }

  /** Saves a dead object on its free list (no count change); false if the list does not take it. */
  pushFree(obj: number, kind: "float" | "tuple" | "list" | "dict", size: number): boolean {
    const fl = this.freeLists;
    const kept =
      kind === "float"
        ? fl.pushFloat(obj)
        : kind === "list"
          ? fl.pushList(obj)
          : kind === "dict"
            ? fl.pushDict(obj)
            : fl.pushTuple(size, obj);
    if (!kept) return false;
    // sized only once kept (the push writes nothing into the object): a full list costs no size lookup
    const bytes = this.objectBytes(obj);
    this.live.clear(obj);
    this.usedBytes -= bytes;
    if (this.heap.events.tracing) this.heap.events.free(obj, this.memory.u32[obj >>> 2]!, bytes);
    return true;
  }

  /**
   * `clear_freelists()` (every full collection): every saved object's memory goes back to the object
   * allocator; GC types through `PyObject_GC_Del`, which counts generation 0 down.
   */
  clearFreeLists(): void {
    this.freeLists.clear((obj: number, kind: FreeListKind) => {
      const prefix = kind === "float" ? PLAIN_PREFIX : GC_PREFIX;
      if (kind !== "float") this.hooks.gcDeleted(obj);
      this.objects.free(obj - prefix);
    });
  }

  // ------------------------------------------------------------------ counting

  /** `Py_INCREF`: an immortal object (bit 31 of its count set, PEP 683) is left alone. */
  incref(obj: number): void {
    const u32 = this.memory.u32;
    const i = (obj + REFCNT) >>> 2;
    if (u32[i]! < IMMORTAL_BIT) u32[i]! += 1;
  }

  /** `Py_DECREF`: at zero, `_Py_Dealloc`; an immortal object is left alone. */
  decref(obj: number): void {
    const u32 = this.memory.u32;
    const i = (obj + REFCNT) >>> 2;
    const n = u32[i]!;
    if (n >= IMMORTAL_BIT) return;
    u32[i] = n - 1;
    if (n === 1) dealloc(this, obj);
  }

  /** Whether `obj` is immortal (PEP 683: bit 31 of the refcount; never under 3.11). */
  isImmortal(obj: number): boolean {
    return this.memory.u32[(obj + REFCNT) >>> 2]! >= IMMORTAL_BIT;
  }

  refcount(obj: number): number {
    return this.memory.u32[(obj + REFCNT) >>> 2]!;
  }

  setRefcnt(obj: number, n: number): void {
    this.memory.u32[(obj + REFCNT) >>> 2] = n;
  }

  retain(obj: number): void {
    this.incref(obj);
  }

  release(obj: number): void {
    this.decref(obj);
  }

  /** Stores with CPython's order: the new reference is taken, stored, then the old one dropped. */
  writeRef(obj: number, slot: number, value: number): void {
    const u32 = this.memory.u32;
    if (value !== 0 && u32[(value + REFCNT) >>> 2]! < IMMORTAL_BIT) u32[(value + REFCNT) >>> 2]! += 1;
    const old = u32[slot >>> 2]!;
    u32[slot >>> 2] = value;
    this.noteStore(obj, value);
    if (old !== 0) this.decref(old);
  }

  /** Called on every reference store (`MAINTAIN_TRACKING` for dicts under a collector). */
  protected noteStore(_obj: number, _value: number): void {}

  writeWeakRef(_obj: number, slot: number, value: number): void {
    this.memory.u32[slot >>> 2] = value;
  }

  /**
   * Takes the references of a dying object out, in `tp_dealloc` order, onto the scratch stack.
   * @returns the stack mark to pass to `dropTaken`.
   */
  takeRefs(obj: number): number {
    const base = this.scratch.top;
    this.model.scan(obj, this.refTaker, "dealloc");
    return base;
  }

  /** Drops the references `takeRefs` took, in order, then pops them. */
  dropTaken(base: number): void {
    const end = this.scratch.top;
    for (let i = base; i < end; i++) this.decref(this.scratch.at(i));
    this.scratch.top = base;
  }

  // ------------------------------------------------------------------ finalization

  /** Whether `tp_finalize` has run on `obj` (the FINALIZED bit of `_gc_prev`). */
  isFinalized(obj: number): boolean {
    if (!this.isGcObject(obj)) return false;
    return (this.memory.u32[(obj + GC_PREV) >>> 2]! & PREV_MASK_FINALIZED) !== 0;
  }

  setFinalized(obj: number): void {
    this.memory.u32[(obj + GC_PREV) >>> 2]! |= PREV_MASK_FINALIZED;
  }

  /** Whether `obj` is tracked by a cycle collector (`_gc_next != 0`). */
  isTrackedObject(obj: number): boolean {
    return this.isGcObject(obj) && this.memory.u32[(obj + GC_NEXT) >>> 2] !== 0;
  }

  // ------------------------------------------------------------------ singletons

  emptyTuple(): number {
    return this.emptyTupleAddr;
  }

  cachedInt(v: number): number {
    return this.smallInts.get(v);
  }

  /**
   * CPython's str singletons: `""` and the 256 one-character Latin-1 strs are static objects (3.11's
   * `_Py_SINGLETON(strings)`), so every way of making one (a JSON decoder, a slice, `chr`) hands back
   * the same object. Made on first use here, immortal and never freed, like the small ints.
   */
  cachedStr(s: string): number {
    if (s.length > 1 || (s.length === 1 && s.charCodeAt(0) > 0xff)) return 0;
    const key = s.length === 0 ? 0 : s.charCodeAt(0) + 1;
    let obj = this.strSingletons[key]!;
    if (obj === 0) {
      obj = this.rawObject(this.heap.types.get(TypeId.str), strBodyBytes(s));
      writeStr(this.memory, obj, s);
      this.makeStatic(obj);
      this.strSingletons[key] = obj;
    }
    return obj;
  }

  /**
   * `sys.intern(s)` (`PyUnicode_InternInPlace`): the interned str equal to `s`, or a new str that
   * becomes interned. Interned strings are mortal in 3.11 and 3.13: the table's two references are not
   * counted, so a new one is returned at refcount 0 for the caller's handle to take the first
   * reference, and `unicode_dealloc` drops it from the table when its last reference goes. 3.12 makes
   * them immortal (`_Py_SetImmortal`): static from then on, never freed.
   */
  internString(s: string): number {
    const found = this.interned.lookup(s);
    if (found !== 0) return found;
    const t = this.heap.types.get(TypeId.str);
    const body = strBodyBytes(s);
    const obj = this.allocate(t, body);
    writeStr(this.memory, obj, s);
    if (this.heap.events.tracing) this.heap.events.alloc(obj, t.id, PLAIN_PREFIX + body);
    this.interned.intern(s, obj);
    if (this.profile.refcount.internedImmortal) this.makeStatic(obj);
    else this.setRefcnt(obj, 0);
    return obj;
  }

  // ------------------------------------------------------------------ the heap as a whole

  abstract collect(generation: number, reason: CollectReason): number;

  forEachObject(visit: (obj: number) => void): void {
    this.live.forEach(visit);
  }

  isObject(obj: number): boolean {
    return this.live.has(obj);
  }

  /**
   * Every object's refcount equals the references that point at it (heap slots, handles and
   * `extraReferences`), plus the static refcount for 3.11's statics; an immortal object keeps exactly
   * the immortal refcount; the trashcan is empty.
   */
  verify(): void {
    verifyRefcounts(this);
    this.objects.verify();
    this.raw.verify();
  }

  /** `sys._debugmallocstats()`: pymalloc's arenas, pools and size classes, then the free-list lines. */
  debugMallocStats(): string {
    return this.objects.debugMallocStats(this.freeLists.debugLines());
  }

  /** `sys.getallocatedblocks()`: pymalloc blocks in use plus the blocks it handed to the raw allocator. */
  getAllocatedBlocks(): number {
    return this.objects.allocatedBlocks();
  }

  /** References the strategy itself holds outside heap objects and handles (e.g. `gc.garbage`). */
  forEachExtraReference(_visit: (obj: number) => void): void {}

  abstract collectionCounts(): number[];

  stats(): HeapStats {
    return {
      // The real footprint: pymalloc's mapped arenas plus the raw allocator's regions; it drops when
      // an empty arena is unmapped (unless neverReleaseArenas) or a raw region goes back.
      heldBytes: this.objects.narenasCurrentlyAllocated * ARENA_SIZE + this.raw.heap.heldBytes,
      usedBytes: this.usedBytes,
      liveObjects: this.live.count,
      returnedBytes: this.heap.os.returnedBytes,
      fragmentation: 0,
      collections: this.collectionCounts(),
    };
  }

  /** The value of a float at `obj` (for tools). */
  floatAt(obj: number): number {
    return this.memory.f64[(obj + FLOAT_VALUE) >>> 3]!;
  }
}
