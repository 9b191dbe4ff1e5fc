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
  FLOAT_VALUE,
  type HeapServices,
  type HeapStats,
  intBodyBytes,
  type LinearMemory,
  OB_SIZE,
  type ObjectModel,
  type SlotVisitor,
  type Strategy,
  type StrategyOptions,
  strBodyBytes,
  TypeId,
  type TypeInfo,
  writeInt,
  writeStr,
} from "@heaplab/runtime";
import { type AllocatorSettings, allocatorSettings } from "./allocator-settings";
import { dealloc } from "./dealloc";
import { type GcHooks, NO_CYCLE_COLLECTOR } from "./gc-hooks";
import {
  GC_NEXT,
  GC_PREFIX,
  GC_PREV,
  IMMORTAL_REFCNT,
  PLAIN_PREFIX,
  PREV_MASK_FINALIZED,
  REFCNT,
} from "./header";
import { K_BYTES, K_DICT, K_FLOAT, K_INT, K_LIST, K_STR, K_TUPLE, kindCode } from "./kinds";
import { ObjectBitmap } from "./object-bitmap";
import { ScratchStack } from "./scratch-stack";
import { Trashcan } from "./trashcan";
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
  readonly freeLists = new CPythonFreeLists();
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
  /** Static singletons: `()` and the small ints (refcount starts at 999,999,999; never freed). */
  readonly statics = new Set<number>();
  protected emptyTupleAddr = 0;
  /** Addresses of the str singletons made so far: index 0 for `""`, 1 + c for the character c. */
  private readonly strSingletons = new Uint32Array(257);
  private kinds = new Uint8Array(64);
  /** Per type id: the number of `__slots__` (hot loops read it instead of the `TypeInfo`). */
  private slotCounts = new Uint16Array(64);
  /** Per type id: 1 if the type has `__del__` (`tp_finalize`). */
  private finalizers = new Uint8Array(64);
  /** Per type id: `tp_weaklistoffset`, or -1 when the type takes no weak references. */
  private weaklistOffsets = new Int32Array(64);
  /** Per type id: header bytes before the type word (24 for GC types, 8 for the rest). */
  private prefixes = new Uint8Array(64);
  /** Per type id: the body bytes of every object of a fixed-size type; 0 for int, str, bytes, tuple. */
  private fixedBodies = new Uint32Array(64);
  private readonly allocators: AllocatorSettings;
  private readonly refTaker: SlotVisitor;

  /** `options.settings` may set pymalloc's `neverReleaseArenas` and `debugHooks` (`allocator-settings.ts`). */
  constructor(options: StrategyOptions = {}) {
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
    );
    this.makeStatics();
  }

  /** `()` and the small ints -5..256: allocated once, never tracked, never counted, never freed. */
  private makeStatics(): void {
    const tuple = this.heap.types.get(TypeId.tuple);
    this.emptyTupleAddr = this.rawObject(tuple, 16);
    this.setRefcnt(this.emptyTupleAddr, IMMORTAL_REFCNT);
    this.statics.add(this.emptyTupleAddr);
    const int = this.heap.types.get(TypeId.int);
    this.smallInts.fill((v) => {
      const obj = this.rawObject(int, intBodyBytes(v));
      writeInt(this.memory, obj, v);
      this.setRefcnt(obj, IMMORTAL_REFCNT);
      this.statics.add(obj);
      return obj;
    });
  }

  prefixBytes(t: TypeInfo): number {
    return t.gc ? GC_PREFIX : PLAIN_PREFIX;
  }

  /** The kind code (`kinds.ts`) of the object at `obj`. */
  kindOf(obj: number): number {
    const id = this.memory.u32[obj >>> 2]!;
    const k = id < this.kinds.length ? this.kinds[id]! : 0;
    return k !== 0 ? k : this.learnKind(id);
  }

  private learnKind(id: number): number {
    if (id >= this.kinds.length) {
      const n = Math.max(id + 1, this.kinds.length * 2);
      const k = new Uint8Array(n);
      k.set(this.kinds);
      this.kinds = k;
      const sc = new Uint16Array(n);
      sc.set(this.slotCounts);
      this.slotCounts = sc;
      const f = new Uint8Array(n);
      f.set(this.finalizers);
      this.finalizers = f;
      const w = new Int32Array(n);
      w.set(this.weaklistOffsets);
      this.weaklistOffsets = w;
      const p = new Uint8Array(n);
      p.set(this.prefixes);
      this.prefixes = p;
      const b = new Uint32Array(n);
      b.set(this.fixedBodies);
      this.fixedBodies = b;
    }
    const t = this.heap.types.get(id);
    const code = kindCode(t);
    this.slotCounts[id] = t.slots.length;
    this.finalizers[id] = t.finalizer !== null ? 1 : 0;
    this.weaklistOffsets[id] = t.weaklistOffset;
    this.prefixes[id] = t.gc ? GC_PREFIX : PLAIN_PREFIX;
    // the model sizes these kinds from the type alone (the address is not read)
    const variable = code === K_INT || code === K_STR || code === K_BYTES || code === K_TUPLE;
    this.fixedBodies[id] = variable ? 0 : this.model.bodyBytesOf(t, 0);
    this.kinds[id] = code;
    return code;
  }

  /**
   * The kind codes by type id, for hot loops that look kinds up themselves: an entry of 0 (or an id past
   * the end) is a type not seen yet, for which `kindOf` must be called. The array is replaced when it
   * grows, so re-read it after anything that may allocate.
   */
  kindTable(): Uint8Array {
    return this.kinds;
  }

  /** The `__slots__` count by type id, valid wherever `kindTable()` has a nonzero entry. */
  slotCountTable(): Uint16Array {
    return this.slotCounts;
  }

  /** The number of `__slots__` of the object's type (0 for other kinds). */
  slotCountOf(obj: number): number {
    const id = this.memory.u32[obj >>> 2]!;
    if (id >= this.kinds.length || this.kinds[id] === 0) this.learnKind(id);
    return this.slotCounts[id]!;
  }

  /** Whether the object's type has `__del__` (`tp_finalize`). */
  hasFinalizer(obj: number): boolean {
    const id = this.memory.u32[obj >>> 2]!;
    if (id >= this.kinds.length || this.kinds[id] === 0) this.learnKind(id);
    return this.finalizers[id] === 1;
  }

  /** The object's `tp_weaklistoffset` (-1 when its type takes no weak references). */
  weaklistOffsetOf(obj: number): number {
    const id = this.memory.u32[obj >>> 2]!;
    if (id >= this.kinds.length || this.kinds[id] === 0) this.learnKind(id);
    return this.weaklistOffsets[id]!;
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
    const k = this.kinds[t.id] || this.learnKind(t.id);
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
    if (id < this.kinds.length && this.kinds[id] !== 0 && this.fixedBodies[id] !== 0)
      return this.prefixes[id]! + this.fixedBodies[id]!;
    const t = this.model.typeOf(obj);
    return (t.gc ? GC_PREFIX : PLAIN_PREFIX) + this.model.bodyBytesOf(t, obj);
  }

  /**
   * `PyObject_Free` / `PyObject_GC_Del`: the object stops being live and its block goes back to the
   * object allocator; for a GC type the collector is told first (unlink if tracked, count down).
   */
  freeObject(obj: number): void {
    const id = this.memory.u32[obj >>> 2]!;
    if (id >= this.kinds.length || this.kinds[id] === 0) this.learnKind(id);
    const prefix = this.prefixes[id]!;
    const fixed = this.fixedBodies[id]!;
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

  /** `Py_INCREF`. */
  incref(obj: number): void {
    this.memory.u32[(obj + REFCNT) >>> 2]! += 1;
  }

  /** `Py_DECREF`: at zero, `_Py_Dealloc`. */
  decref(obj: number): void {
    const u32 = this.memory.u32;
    const i = (obj + REFCNT) >>> 2;
    const n = u32[i]! - 1;
    u32[i] = n;
    if (n === 0) dealloc(this, obj);
  }

  refcount(obj: number): number {
    return this.memory.u32[(obj + REFCNT) >>> 2]!;
  }

  setRefcnt(obj: number, n: number): void {
    this.memory.u32[(obj + REFCNT) >>> 2] = n;
  }

  retain(obj: number): void {
    this.memory.u32[(obj + REFCNT) >>> 2]! += 1;
  }

  release(obj: number): void {
    this.decref(obj);
  }

  /** Stores with CPython's order: the new reference is taken, stored, then the old one dropped. */
  writeRef(obj: number, slot: number, value: number): void {
    const u32 = this.memory.u32;
    if (value !== 0) u32[(value + REFCNT) >>> 2]! += 1;
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
      this.setRefcnt(obj, IMMORTAL_REFCNT);
      this.statics.add(obj);
      this.strSingletons[key] = obj;
    }
    return obj;
  }

  /**
   * `sys.intern(s)` (`PyUnicode_InternInPlace`): the interned str equal to `s`, or a new str that
   * becomes interned. Interned strings are mortal in 3.11: the table's two references are not counted,
   * so a new one is returned at refcount 0 for the caller's handle to take the first reference, and
   * `unicode_dealloc` drops it from the table when its last reference goes.
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
    this.setRefcnt(obj, 0);
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
   * `extraReferences`), plus 999,999,999 for the statics; the trashcan is empty.
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
