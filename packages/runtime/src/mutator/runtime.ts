import {
  HeaplabError,
  InvalidHandleError,
  PyAttributeError,
  PyIndexError,
  PyTypeError,
  PyValueError,
} from "../errors";
import { type CollectReason, EventStream } from "../events/event-stream";
import { FaultInjector } from "../faults/fault-injector";
import { LinearMemory } from "../memory/linear-memory";
import { OsMemory } from "../memory/os-memory";
import {
  copyEntries,
  DICT_LOG_MINSIZE,
  DK_KIND,
  DK_LOG2_SIZE,
  DK_NENTRIES,
  DK_USABLE,
  dictKeysBytes,
  entryKeySlot,
  findEmptySlot,
  getIndex,
  initKeys,
  keyHash,
  keysObjectBytes,
  log2KeysizeFor,
  lookup,
  setIndex,
} from "../model/dict-table";
import { VALUES_HEADER, valuesBytes, valuesCapacity } from "../model/instance-values";
import { ObjectModel } from "../model/object-model";
import { setAdd, setContains, setDiscard } from "../model/set-table";
import {
  DICT_KEYS,
  DICT_USED,
  FLOAT_VALUE,
  INSTANCE_VALUES,
  LIST_ALLOCATED,
  LIST_ITEMS,
  OB_SIZE,
  SET_FILL,
  SET_MASK,
  SET_TABLE,
  SET_USED,
  SET_WEAKLIST,
  STR_LENGTH,
  slotOffset,
  TUPLE_ITEMS,
  type TypeInfo,
  WR_CALLBACK,
  WR_HASH,
  WR_NEXT,
  WR_OBJECT,
  WR_PREV,
} from "../model/type-info";
import { TypeId, TypeRegistry } from "../model/type-registry";
import {
  intBodyBytes,
  readFloat,
  readInt,
  readStr,
  strBodyBytes,
  writeBytes,
  writeInt,
  writeStr,
} from "../model/value-codec";
import { isBasicRef } from "../model/weakref-list";
import type { Handle } from "../roots/handle";
import { HandleTable } from "../roots/handle-table";
import type { HeapServices, HeapStats, Strategy } from "../strategy/strategy";
import { verifyHeap } from "../verify/verifier";

/** Options for `new Runtime`. */
export interface RuntimeOptions {
  /** Most bytes the heap may hold from the operating system. Default 512 MiB. */
  heapLimit?: number;
}

/** Runtime-level counters, beside the strategy's own `HeapStats`. */
export interface RuntimeStats extends HeapStats {
  /** Objects allocated since the runtime started. */
  allocations: number;
  /** Bytes requested for objects since the runtime started (prefix + body). */
  allocatedBytes: number;
  /** Live handles. */
  handles: number;
}

/** A weak-reference callback: receives a handle to the (already dead) weak reference. */
export type WeakrefCallback = (wr: Handle) => void;

const DEFAULT_LIMIT = 512 * 1024 * 1024;

/**
 * The mutator: Python-level operations on a heap of real bytes, the same under every strategy.
 *
 * Programs hold objects through handles (small integers). Handles made in a scope are released when it
 * closes; `persistent` handles live until released. Every reference store goes through the strategy's
 * barrier; every allocation through the strategy, which may collect.
 *
 * @example
 * const rt = new Runtime(createNoneStrategy({}));
 * rt.scope(() => {
 *   const a = rt.newList();
 *   rt.append(a, a);             // a cycle
 *   rt.len(a);                   // 1
 * });
 */
export class Runtime {
  readonly memory: LinearMemory;
  readonly os: OsMemory;
  readonly types = new TypeRegistry();
  readonly events = new EventStream();
  readonly model: ObjectModel;
  readonly handles: HandleTable;
  readonly strategy: Strategy;
  /** Fault injection: make the Nth object, auxiliary or page allocation fail (`rt.faults.arm`). */
  readonly faults = new FaultInjector();
  /** Auxiliary-storage calls of the strategy, behind the fault injector. */
  private readonly aux: Pick<Strategy, "allocAux" | "reallocAux" | "freeAux" | "writeRef" | "writeWeakRef">;
  private allocationCount = 0;
  private allocatedBytes = 0;
  private gcSeq = 0;
  private finalizationPending = false;
  private readonly callbacks: WeakrefCallback[] = [() => {}];
  private readonly callbackIds = new Map<WeakrefCallback, number>();
  private readonly attrNames = new Map<number, string[]>();
  /** The runtime's own `()` for strategies without an `emptyTuple` hook (a persistent root). */
  private emptyTupleHandle: Handle = 0;

  constructor(strategy: Strategy, options: RuntimeOptions = {}) {
    const limit = options.heapLimit ?? DEFAULT_LIMIT;
    // Linear memory spans the heap limit plus room for alignment holes and the unmapped first page.
    this.memory = new LinearMemory({
      limitBytes: Math.min(limit + 4 * 1024 * 1024, 4 * 1024 * 1024 * 1024 - 65536),
    });
    this.os = new OsMemory(this.memory, { limitBytes: limit });
    this.model = new ObjectModel(this.memory, this.types);
    this.strategy = strategy;
    this.handles = new HandleTable(strategy);
    this.os.beforeMap = (bytes) => this.faults.check("os", bytes);
    this.aux = {
      allocAux: (bytes) => {
        this.faults.check("aux", bytes);
        return strategy.allocAux(bytes);
      },
      reallocAux: (addr, oldBytes, newBytes) => {
        this.faults.check("aux", newBytes);
        return strategy.reallocAux(addr, oldBytes, newBytes);
      },
      freeAux: (addr, bytes) => strategy.freeAux(addr, bytes),
      writeRef: (obj, slot, value) => strategy.writeRef(obj, slot, value),
      writeWeakRef: (obj, slot, value) => strategy.writeWeakRef(obj, slot, value),
    };
    strategy.attach(this.services());
  }

  private services(): HeapServices {
    return {
      memory: this.memory,
      os: this.os,
      types: this.types,
      roots: this.handles,
      events: this.events,
      model: this.model,
      allocations: () => this.allocationCount,
      runFinalizer: (obj, gcSeq) => this.runFinalizer(obj, gcSeq),
      runWeakrefCallback: (wr, gcSeq) => this.runWeakrefCallback(wr, gcSeq),
      hasWeakrefCallback: (wr) => this.memory.u32[(wr + WR_CALLBACK) >>> 2] !== 0,
      requestFinalization: () => {
        this.finalizationPending = true;
      },
      nextGcSeq: () => ++this.gcSeq,
    };
  }

  // ---------------------------------------------------------------- handles

  /**
   * Runs `fn` in a handle scope: handles it makes are released when it returns (or throws), except a
   * returned handle, which escapes to the enclosing scope.
   */
  scope<T>(fn: () => T): T {
    const mark = this.handles.openScope();
    try {
      const r = fn();
      if (typeof r === "number" && r !== 0 && this.handles.isValid(r)) this.handles.escape(r);
      return r;
    } finally {
      this.handles.closeScope(mark);
    }
  }

  /** Opens a handle scope; pass the mark to `closeScope`. */
  openScope(): number {
    return this.handles.openScope();
  }

  /** Releases the handles made since `mark` (except persistent and escaped ones). */
  closeScope(mark: number): void {
    this.handles.closeScope(mark);
  }

  /** Lets `h` outlive the current scope: it moves to the enclosing scope. */
  escape(h: Handle): Handle {
    return this.handles.escape(h);
  }

  /** A new persistent handle (a root that lives until `release`), holding `h`'s object (None by default). */
  persistent(h: Handle = 0): Handle {
    return this.handles.create(this.handles.get(h), false, true);
  }

  /** Releases a handle now. */
  release(h: Handle): void {
    this.handles.release(h);
  }

  /** Points handle `dst` at `src`'s object: retains the new object, then releases the old one (`R[d] = R[s]`). */
  assign(dst: Handle, src: Handle): void {
    this.handles.set(dst, this.handles.get(src));
  }

  /** A new scoped handle to the same object as `h`. */
  dup(h: Handle): Handle {
    return this.handles.create(this.handles.get(h), false);
  }

  /** The address `h` holds (0 for None). Valid only until the next allocation. */
  addressOf(h: Handle): number {
    return this.handles.get(h);
  }

  /** A new scoped handle for the object at `addr` (for tools that walk the heap). */
  handleAt(addr: number): Handle {
    if (addr !== 0 && !this.strategy.isObject(addr))
      throw new InvalidHandleError(`no object at 0x${addr.toString(16)}`);
    return this.handles.create(addr, false);
  }

  /**
   * Throws InvalidHandleError for the first stale handle in `hs`. Operations call it before they
   * change anything, so a stale argument leaves the heap as it was.
   */
  private checkHandles(hs: readonly Handle[]): void {
    for (let i = 0; i < hs.length; i++) this.handles.index(hs[i]!);
  }

  // ---------------------------------------------------------------- allocation

  /** The strategy's safepoint: runs queued finalizers before the next operation. */
  private poll(): void {
    if (this.finalizationPending) {
      this.finalizationPending = false;
      this.strategy.drainFinalizers?.();
    }
  }

  /** Allocates an object with a zeroed body; returns its address (valid until the next allocation). */
  private alloc(t: TypeInfo, bodyBytes: number): number {
    this.poll();
    this.faults.check("object", bodyBytes);
    const obj = this.strategy.allocate(t, bodyBytes);
    this.allocationCount++;
    const bytes = this.strategy.prefixBytes(t) + bodyBytes;
    this.allocatedBytes += bytes;
    if (this.events.tracing) this.events.alloc(obj, t.id, bytes);
    return obj;
  }

  /** `int(v)`: a cached small int under strategies that cache them, else a new int; a bigint is exact. */
  newInt(v: number | bigint): Handle {
    if (typeof v === "bigint" && Number.isSafeInteger(Number(v))) v = Number(v);
    if (typeof v === "number" && !Number.isSafeInteger(v))
      throw new PyValueError(`int value ${v} is not a safe integer (pass a bigint)`);
    const cached = typeof v === "number" ? (this.strategy.cachedInt?.(v) ?? 0) : 0;
    if (cached !== 0) return this.handles.create(cached, false);
    const obj = this.alloc(this.types.get(TypeId.int), intBodyBytes(v));
    writeInt(this.memory, obj, v);
    return this.handles.create(obj, true);
  }

  /** `float(v)`. */
  newFloat(v: number): Handle {
    const obj = this.alloc(this.types.get(TypeId.float), 16);
    this.memory.f64[(obj + FLOAT_VALUE) >>> 3] = v;
    return this.handles.create(obj, true);
  }

  /** A str with value `s` (compact layout: 1, 2 or 4 bytes a character). */
  newStr(s: string): Handle {
    const cached = this.strategy.cachedStr?.(s) ?? 0;
    if (cached !== 0) return this.handles.create(cached, false);
    const obj = this.alloc(this.types.get(TypeId.str), strBodyBytes(s));
    writeStr(this.memory, obj, s);
    return this.handles.create(obj, true);
  }

  /** `sys.intern(s)`: the one interned str with this value, where the strategy interns; else a new str. */
  intern(s: string): Handle {
    const a = this.strategy.internString?.(s) ?? 0;
    return a !== 0 ? this.handles.create(a, false) : this.newStr(s);
  }

  /** A bytes object of `n` zero bytes, or a copy of `data`. */
  newBytes(data: number | Uint8Array): Handle {
    const d = typeof data === "number" ? new Uint8Array(data) : data;
    const t = this.types.get(TypeId.bytes);
    const obj = this.alloc(t, this.model.newBodyBytes(t, d.length));
    writeBytes(this.memory, obj, d);
    return this.handles.create(obj, true);
  }

  /** `(a, b, ...)`: a tuple of the given items. `()` is one shared object, as in CPython. */
  newTuple(items: readonly Handle[]): Handle {
    this.checkHandles(items);
    const t = this.types.get(TypeId.tuple);
    const n = items.length;
    if (n === 0) {
      const own = this.strategy.emptyTuple?.() ?? 0;
      if (own !== 0) return this.handles.create(own, false);
      if (this.emptyTupleHandle === 0) {
        this.emptyTupleHandle = this.handles.create(this.alloc(t, this.model.newBodyBytes(t, 0)), true, true);
      }
      return this.handles.create(this.handles.get(this.emptyTupleHandle), false);
    }
    const obj = this.alloc(t, this.model.newBodyBytes(t, n));
    this.memory.u32[(obj + OB_SIZE) >>> 2] = n;
    for (let i = 0; i < n; i++)
      this.strategy.writeRef(obj, obj + TUPLE_ITEMS + 8 * i, this.handles.get(items[i]!));
    return this.handles.create(obj, true);
  }

  /**
   * `[a, b, ...]`: a list whose item array is allocated separately, exactly as long as `items`
   * (`PyList_New(n)`); an empty list has no item array.
   */
  newList(items: readonly Handle[] = []): Handle {
    this.checkHandles(items);
    const obj = this.alloc(this.types.get(TypeId.list), 32);
    const h = this.handles.create(obj, true);
    const n = items.length;
    if (n > 0) {
      const arr = this.aux.allocAux(8 * n);
      this.memory.fill(arr, 8 * n, 0);
      const o = this.handles.get(h);
      const u32 = this.memory.u32;
      u32[(o + LIST_ITEMS) >>> 2] = arr;
      u32[(o + LIST_ALLOCATED) >>> 2] = n;
      u32[(o + OB_SIZE) >>> 2] = n;
      for (let i = 0; i < n; i++) this.strategy.writeRef(o, arr + 8 * i, this.handles.get(items[i]!));
    }
    return h;
  }

  /** `{k: v, ...}` from key/value handle pairs, inserted in order. An empty dict allocates no keys table. */
  newDict(entries: readonly (readonly [Handle, Handle])[] = []): Handle {
    const obj = this.alloc(this.types.get(TypeId.dict), 40);
    const h = this.handles.create(obj, true);
    for (const [k, v] of entries) this.dictSet(h, k, v);
    return h;
  }

  /** `set(items)`. */
  newSet(items: readonly Handle[] = []): Handle {
    const obj = this.alloc(this.types.get(TypeId.set), this.types.get(TypeId.set).basicSize - 8);
    this.memory.u32[(obj + SET_MASK) >>> 2] = 7;
    const h = this.handles.create(obj, true);
    for (const it of items) this.add(h, it);
    return h;
  }

  /**
   * An instance of a registered class. For `slots` classes `values` fill the slots in order; for
   * `instance` classes use `setAttr`.
   */
  newObject(type: TypeInfo, values: readonly Handle[] = []): Handle {
    this.checkHandles(values);
    if (type.kind !== "slots" && type.kind !== "instance")
      throw new PyTypeError(`newObject needs a class, not '${type.name}'`);
    if (values.length > type.slots.length) {
      throw new PyTypeError(`'${type.name}' has ${type.slots.length} slots, ${values.length} values given`);
    }
    const obj = this.alloc(type, this.model.newBodyBytes(type, 0));
    for (let i = 0; i < values.length; i++)
      this.strategy.writeRef(obj, obj + slotOffset(i), this.handles.get(values[i]!));
    return this.handles.create(obj, true);
  }

  /**
   * `weakref.ref(target[, callback])`. Without a callback, an existing basic reference is returned
   * (CPython shares one). A callback runs once, after the target dies, with the dead reference.
   * @throws PyTypeError if the target's type does not accept weak references.
   */
  newWeakref(target: Handle, callback?: WeakrefCallback): Handle {
    const tgt = this.handles.get(target);
    const tt = tgt === 0 ? undefined : this.model.typeOf(tgt);
    if (tt === undefined || !tt.weakrefable) {
      throw new PyTypeError(`cannot create weak reference to '${tt?.name ?? "NoneType"}' object`);
    }
    const head0 = this.memory.u32[(tgt + tt.weaklistOffset) >>> 2]!;
    if (callback === undefined && head0 !== 0 && isBasicRef(this.memory, head0))
      return this.handles.create(head0, false);
    const id = callback === undefined ? 0 : this.callbackId(callback);
    const wr = this.alloc(this.types.get(TypeId.weakref), 56);
    const o = this.handles.get(target); // the allocation may have moved the target
    const u32 = this.memory.u32;
    u32[(wr + WR_CALLBACK) >>> 2] = id;
    this.memory.i32[(wr + WR_HASH) >>> 2] = -1;
    this.memory.i32[(wr + WR_HASH + 4) >>> 2] = -1;
    this.strategy.writeWeakRef(wr, wr + WR_OBJECT, o);
    // Link it: a basic ref goes first; a ref with a callback goes right after the basic ref.
    const listSlot = o + tt.weaklistOffset;
    const head = u32[listSlot >>> 2]!;
    const prev = id !== 0 && head !== 0 && isBasicRef(this.memory, head) ? head : 0;
    if (prev === 0) {
      this.strategy.writeWeakRef(wr, wr + WR_NEXT, head);
      if (head !== 0) this.strategy.writeWeakRef(head, head + WR_PREV, wr);
      this.strategy.writeWeakRef(o, listSlot, wr);
    } else {
      const next = u32[(prev + WR_NEXT) >>> 2]!;
      this.strategy.writeWeakRef(wr, wr + WR_PREV, prev);
      this.strategy.writeWeakRef(wr, wr + WR_NEXT, next);
      if (next !== 0) this.strategy.writeWeakRef(next, next + WR_PREV, wr);
      this.strategy.writeWeakRef(prev, prev + WR_NEXT, wr);
    }
    return this.handles.create(wr, true);
  }

  private callbackId(fn: WeakrefCallback): number {
    let id = this.callbackIds.get(fn);
    if (id === undefined) {
      id = this.callbacks.length;
      this.callbacks.push(fn);
      this.callbackIds.set(fn, id);
    }
    return id;
  }

  // ---------------------------------------------------------------- reading

  /** The type of `h`'s object (`type(x)`); None has no TypeInfo and throws. */
  typeOf(h: Handle): TypeInfo {
    const a = this.handles.get(h);
    if (a === 0) throw new PyTypeError("None has no heap type");
    return this.model.typeOf(a);
  }

  /** `type(x).__name__`, with `NoneType` for None. */
  typeName(h: Handle): string {
    const a = this.handles.get(h);
    return a === 0 ? "NoneType" : this.model.typeOf(a).name;
  }

  /** Whether `h` holds None. */
  isNone(h: Handle): boolean {
    return this.handles.get(h) === 0;
  }

  /** `a is b`. */
  is(a: Handle, b: Handle): boolean {
    return this.handles.get(a) === this.handles.get(b);
  }

  /** The value of an int. */
  intValue(h: Handle): number {
    return readInt(this.memory, this.expect(h, "int"));
  }

  /** The value of a float. */
  floatValue(h: Handle): number {
    return readFloat(this.memory, this.expect(h, "float"));
  }

  /** The value of a str. */
  strValue(h: Handle): string {
    return readStr(this.memory, this.expect(h, "str"));
  }

  /** `len(x)` for tuple, list, dict, set, str and bytes. */
  len(h: Handle): number {
    const o = this.handles.get(h);
    if (o === 0) throw new PyTypeError("object of type 'NoneType' has no len()");
    const t = this.model.typeOf(o);
    const u32 = this.memory.u32;
    switch (t.kind) {
      case "tuple":
      case "list":
      case "bytes":
        return u32[(o + OB_SIZE) >>> 2]!;
      case "dict":
        return u32[(o + DICT_USED) >>> 2]!;
      case "set":
        return u32[(o + SET_USED) >>> 2]!;
      case "str":
        return u32[(o + STR_LENGTH) >>> 2]!;
      default:
        throw new PyTypeError(`object of type '${t.name}' has no len()`);
    }
  }

  /** `sys.getsizeof(x)`: the strategy's header + the body + owned storage (a list's items, a dict's keys). */
  sizeOf(h: Handle): number {
    const o = this.handles.get(h);
    if (o === 0) return 16;
    const t = this.model.typeOf(o);
    return this.strategy.prefixBytes(t) + this.model.bodyBytesOf(t, o) + this.model.auxBytes(o);
  }

  private expect(h: Handle, kind: TypeInfo["kind"]): number {
    const o = this.handles.get(h);
    const t = o === 0 ? undefined : this.model.typeOf(o);
    if (t?.kind !== kind) throw new PyTypeError(`expected ${kind}, got '${t?.name ?? "NoneType"}'`);
    return o;
  }

  // ---------------------------------------------------------------- lists and tuples

  /** `lst.append(v)`: grows the item array as `list_resize` does (0, 4, 8, 16, 24, 32, 40, 52, ...). */
  append(list: Handle, v: Handle): void {
    this.handles.index(v); // refuse a stale value before the list grows
    this.poll();
    const o = this.expect(list, "list");
    const n = this.memory.u32[(o + OB_SIZE) >>> 2]!;
    this.listResize(list, n + 1);
    const l = this.handles.get(list);
    const items = this.memory.u32[(l + LIST_ITEMS) >>> 2]!;
    this.strategy.writeRef(l, items + 8 * n, this.handles.get(v));
  }

  /**
   * `list_resize`: keeps the array if it is big enough and at least half used, else reallocates it to
   * `newsize + newsize / 8 + 6` rounded down to a multiple of 4.
   */
  private listResize(list: Handle, newsize: number): void {
    let o = this.handles.get(list);
    const u32 = this.memory.u32;
    const allocated = u32[(o + LIST_ALLOCATED) >>> 2]!;
    const size = u32[(o + OB_SIZE) >>> 2]!;
    if (allocated >= newsize && newsize >= allocated >>> 1) {
      u32[(o + OB_SIZE) >>> 2] = newsize;
      return;
    }
    let newAllocated = (newsize + (newsize >>> 3) + 6) & ~3;
    if (newsize - size > newAllocated - newsize) newAllocated = (newsize + 3) & ~3;
    if (newsize === 0) newAllocated = 0;
    const items = u32[(o + LIST_ITEMS) >>> 2]!;
    let arr = 0;
    if (newAllocated === 0) {
      if (items !== 0) this.strategy.freeAux(items, 8 * allocated);
    } else {
      arr = this.aux.reallocAux(items, 8 * allocated, 8 * newAllocated);
      if (newAllocated > allocated) this.memory.fill(arr + 8 * allocated, 8 * (newAllocated - allocated), 0);
    }
    o = this.handles.get(list);
    const m = this.memory.u32;
    m[(o + LIST_ITEMS) >>> 2] = arr;
    m[(o + LIST_ALLOCATED) >>> 2] = newAllocated;
    m[(o + OB_SIZE) >>> 2] = newsize;
  }

  private itemSlot(o: number, t: TypeInfo, index: number): number {
    const n = this.memory.u32[(o + OB_SIZE) >>> 2]!;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n)
      throw new PyIndexError(`${t.name} index ${index} out of range (len ${n})`);
    return t.kind === "tuple" ? o + TUPLE_ITEMS + 8 * i : this.memory.u32[(o + LIST_ITEMS) >>> 2]! + 8 * i;
  }

  /** `seq[i]` for lists and tuples (negative indexes count from the end). @throws PyIndexError */
  getItem(seq: Handle, index: number): Handle {
    const o = this.handles.get(seq);
    const t = o === 0 ? undefined : this.model.typeOf(o);
    if (t?.kind !== "list" && t?.kind !== "tuple")
      throw new PyTypeError(`'${t?.name ?? "NoneType"}' object is not indexable`);
    return this.handles.create(this.memory.u32[this.itemSlot(o, t, index) >>> 2]!, false);
  }

  /** `lst[i] = v`. Tuples are immutable and refuse. @throws PyIndexError */
  setItem(list: Handle, index: number, v: Handle): void {
    const o = this.expect(list, "list");
    this.strategy.writeRef(o, this.itemSlot(o, this.model.typeOf(o), index), this.handles.get(v));
  }

  /** `del lst[i]`. */
  delItem(list: Handle, index: number): void {
    const o = this.expect(list, "list");
    const n = this.memory.u32[(o + OB_SIZE) >>> 2]!;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new PyIndexError("list assignment index out of range");
    this.releaseOwned(this.popAt(list, i));
  }

  /** `d[key]`. @throws PyIndexError (KeyError) for a missing key. */
  dictGet(dict: Handle, key: Handle): Handle {
    this.expect(dict, "dict");
    const ix = this.dictFind(dict, key);
    if (ix < 0) throw new PyIndexError(`KeyError: ${this.describe(key)}`);
    const keys = this.memory.u32[(this.handles.get(dict) + DICT_KEYS) >>> 2]!;
    return this.handles.create(this.memory.u32[(entryKeySlot(this.memory, keys, ix) + 8) >>> 2]!, false);
  }

  /** `d[key] = v`: replaces the value of an existing key, else appends an entry (resizing as CPython does). */
  dictSet(dict: Handle, key: Handle, v: Handle): void {
    this.handles.index(v); // refuse a stale value before the key is stored
    this.poll();
    this.expect(dict, "dict");
    this.dictInsert(dict, key, v);
  }

  /** `del d[key]`: the index becomes a dummy, the entry empties, then the value and the key are dropped. */
  dictDelete(dict: Handle, key: Handle): void {
    this.expect(dict, "dict");
    const ix = this.dictFind(dict, key);
    if (ix < 0) throw new PyIndexError(`KeyError: ${this.describe(key)}`);
    const d = this.handles.get(dict);
    const keys = this.memory.u32[(d + DICT_KEYS) >>> 2]!;
    const ks = entryKeySlot(this.memory, keys, ix);
    const u32 = this.memory.u32;
    const oldKey = u32[ks >>> 2]!;
    const oldValue = u32[(ks + 8) >>> 2]!;
    const h = keyHash(this.memory, oldKey);
    const mask = (1 << this.memory.u8[keys + DK_LOG2_SIZE]!) - 1;
    let i = h & mask;
    let perturb = h;
    while (getIndex(this.memory, keys, i) !== ix) {
      perturb >>>= 5;
      i = (i * 5 + perturb + 1) & mask;
    }
    setIndex(this.memory, keys, i, -2);
    u32[ks >>> 2] = 0;
    u32[(ks + 8) >>> 2] = 0;
    u32[(d + DICT_USED) >>> 2]! -= 1;
    this.strategy.release(oldValue);
    this.strategy.release(oldKey);
  }

  /** `lst.pop(i=-1)`: the removed item (its reference moves to the returned handle). */
  pop(list: Handle, index = -1): Handle {
    const o = this.expect(list, "list");
    const n = this.memory.u32[(o + OB_SIZE) >>> 2]!;
    if (n === 0) throw new PyIndexError("pop from empty list");
    const i = index < 0 ? index + n : index;
    if (i < 0 || i >= n) throw new PyIndexError("pop index out of range");
    return this.handles.create(this.popAt(list, i), true);
  }

  /** Removes item `i`, shifting the rest down; returns the removed address, whose reference the caller now owns. */
  private popAt(list: Handle, i: number): number {
    const o = this.handles.get(list);
    const u32 = this.memory.u32;
    const n = u32[(o + OB_SIZE) >>> 2]!;
    if (i < 0 || i >= n) throw new PyIndexError("list assignment index out of range");
    const items = u32[(o + LIST_ITEMS) >>> 2]!;
    const v = u32[(items + 8 * i) >>> 2]!;
    this.memory.copy(items + 8 * i, items + 8 * (i + 1), 8 * (n - 1 - i));
    u32[(items + 8 * (n - 1)) >>> 2] = 0;
    this.listResize(list, n - 1);
    return v;
  }

  /** `x.clear()` for lists, dicts and sets: detaches the storage first, then drops the references. */
  clear(container: Handle): void {
    const o = this.handles.get(container);
    const t = o === 0 ? undefined : this.model.typeOf(o);
    const u32 = this.memory.u32;
    if (t?.kind === "list") {
      // _list_clear: the list is empty before any item is released (last to first).
      const items = u32[(o + LIST_ITEMS) >>> 2]!;
      if (items === 0) return;
      const n = u32[(o + OB_SIZE) >>> 2]!;
      const allocated = u32[(o + LIST_ALLOCATED) >>> 2]!;
      u32[(o + OB_SIZE) >>> 2] = 0;
      u32[(o + LIST_ITEMS) >>> 2] = 0;
      u32[(o + LIST_ALLOCATED) >>> 2] = 0;
      for (let i = n - 1; i >= 0; i--) this.releaseOwned(this.memory.u32[(items + 8 * i) >>> 2]!);
      this.strategy.freeAux(items, 8 * allocated);
      return;
    }
    if (t?.kind === "dict") {
      // PyDict_Clear: the dict is empty before its old keys table drops keys and values, in order.
      const keys = u32[(o + DICT_KEYS) >>> 2]!;
      if (keys === 0) return;
      u32[(o + DICT_KEYS) >>> 2] = 0;
      u32[(o + DICT_USED) >>> 2] = 0;
      const n = u32[(keys + DK_NENTRIES) >>> 2]!;
      for (let ix = 0; ix < n; ix++) {
        const ks = entryKeySlot(this.memory, keys, ix);
        this.releaseOwned(this.memory.u32[ks >>> 2]!);
        this.releaseOwned(this.memory.u32[(ks + 8) >>> 2]!);
      }
      this.strategy.freeAux(keys, dictKeysBytes(this.memory, keys));
      return;
    }
    if (t?.kind === "set") {
      const mask = u32[(o + SET_MASK) >>> 2]!;
      const table = u32[(o + SET_TABLE) >>> 2]!;
      const keys: number[] = [];
      this.model.scan(o, { visit: (s) => keys.push(this.memory.u32[s >>> 2]!) }, "dealloc");
      // fill, used, mask, table, hash, finger and the whole smalltable: everything up to the weak list.
      this.memory.fill(o + SET_FILL, SET_WEAKLIST - SET_FILL, 0);
      u32[(o + SET_MASK) >>> 2] = 7;
      for (const k of keys) this.releaseOwned(k);
      if (table !== 0) this.strategy.freeAux(table, 16 * (mask + 1));
      return;
    }
    throw new PyTypeError(`'${t?.name ?? "NoneType"}' object has no clear()`);
  }

  private releaseOwned(addr: number): void {
    if (addr !== 0) this.strategy.release(addr);
  }

  // ---------------------------------------------------------------- dicts and sets

  private describe(h: Handle): string {
    const t = this.typeName(h);
    if (t === "int") return String(this.intValue(h));
    if (t === "str") return JSON.stringify(this.strValue(h));
    return `<${t}>`;
  }

  private dictFind(dict: Handle, key: Handle): number {
    const d = this.handles.get(dict);
    const k = this.handles.get(key);
    if (k === 0) return -1;
    const keys = this.memory.u32[(d + DICT_KEYS) >>> 2]!;
    return lookup(this.memory, keys, k, keyHash(this.memory, k));
  }

  /** `insertdict`: replace the value of an existing key, or append a new entry, resizing first if full. */
  private dictInsert(dict: Handle, key: Handle, value: Handle): void {
    const k0 = this.handles.get(key);
    if (k0 === 0) throw new PyTypeError("heaplab dicts do not take None as a key");
    if (this.strategy.constraints.movesObjects) {
      const kk = this.model.typeOf(k0).kind;
      if (kk !== "int" && kk !== "str" && kk !== "float") {
        throw new PyTypeError(
          `'${kk}' keys hash by address, which a moving strategy changes; use int, float or str keys`,
        );
      }
    }
    const ix = this.dictFind(dict, key);
    let d = this.handles.get(dict);
    let keys = this.memory.u32[(d + DICT_KEYS) >>> 2]!;
    if (ix >= 0) {
      this.strategy.writeRef(d, entryKeySlot(this.memory, keys, ix) + 8, this.handles.get(value));
      return;
    }
    const isStr = this.model.typeId(k0) === TypeId.str;
    if (keys === 0) {
      // insert_to_emptydict: an 8-slot table, unicode if the key is an exact str.
      const nk = this.aux.allocAux(keysObjectBytes(DICT_LOG_MINSIZE, isStr));
      initKeys(this.memory, nk, DICT_LOG_MINSIZE, isStr);
      d = this.handles.get(dict);
      this.memory.u32[(d + DICT_KEYS) >>> 2] = nk;
      keys = nk;
    } else {
      const unicode = this.memory.u8[keys + DK_KIND] === 1;
      if (this.memory.u32[(keys + DK_USABLE) >>> 2]! <= 0 || (unicode && !isStr)) {
        // insertion_resize: GROWTH_RATE = used * 3.
        const used = this.memory.u32[(d + DICT_USED) >>> 2]!;
        const log2 = log2KeysizeFor(used * 3);
        const nu = unicode && isStr;
        const nk = this.aux.allocAux(keysObjectBytes(log2, nu));
        initKeys(this.memory, nk, log2, nu);
        d = this.handles.get(dict);
        keys = this.memory.u32[(d + DICT_KEYS) >>> 2]!;
        copyEntries(this.memory, keys, nk);
        this.strategy.freeAux(keys, dictKeysBytes(this.memory, keys));
        this.memory.u32[(d + DICT_KEYS) >>> 2] = nk;
        keys = nk;
      }
    }
    const m = this.memory;
    const k = this.handles.get(key);
    const h = keyHash(m, k);
    const n = m.u32[(keys + DK_NENTRIES) >>> 2]!;
    setIndex(m, keys, findEmptySlot(m, keys, h), n);
    const ks = entryKeySlot(m, keys, n);
    if (m.u8[keys + DK_KIND] === 0) m.u32[(ks - 8) >>> 2] = h;
    this.strategy.writeRef(d, ks, k);
    this.strategy.writeRef(d, ks + 8, this.handles.get(value));
    m.u32[(keys + DK_NENTRIES) >>> 2] = n + 1;
    m.u32[(keys + DK_USABLE) >>> 2]! -= 1;
    m.u32[(d + DICT_USED) >>> 2]! += 1;
  }

  /** `key in d` for dicts, `x in s` for sets. */
  contains(container: Handle, key: Handle): boolean {
    const o = this.handles.get(container);
    const t = o === 0 ? undefined : this.model.typeOf(o);
    if (t?.kind === "dict") return this.dictFind(container, key) >= 0;
    if (t?.kind === "set") return setContains(this.memory, o, this.handles.get(key));
    throw new PyTypeError(`argument of type '${t?.name ?? "NoneType"}' is not a container heaplab searches`);
  }

  /** The keys of a dict, in insertion order, as scoped handles. */
  keys(dict: Handle): Handle[] {
    const d = this.expect(dict, "dict");
    const keys = this.memory.u32[(d + DICT_KEYS) >>> 2]!;
    if (keys === 0) return [];
    const out: Handle[] = [];
    const n = this.memory.u32[(keys + DK_NENTRIES) >>> 2]!;
    for (let ix = 0; ix < n; ix++) {
      const ks = entryKeySlot(this.memory, keys, ix);
      if (this.memory.u32[ks >>> 2] !== 0) out.push(this.handles.create(this.memory.u32[ks >>> 2]!, false));
    }
    return out;
  }

  /** `s.add(x)`. */
  add(set: Handle, key: Handle): void {
    this.poll();
    this.expect(set, "set");
    if (this.handles.get(key) === 0) throw new PyTypeError("heaplab sets do not hold None");
    setAdd(this.memory, this.aux, () => this.handles.get(set), this.handles.get(key));
  }

  /** `s.discard(x)`. */
  discard(set: Handle, key: Handle): void {
    const s = this.expect(set, "set");
    const k = setDiscard(this.memory, s, this.handles.get(key));
    if (k !== 0) this.strategy.release(k);
  }

  // ---------------------------------------------------------------- attributes and slots

  /** `obj.<slot i>` of a `slots` instance; an unset slot reads as None. */
  getSlot(obj: Handle, i: number): Handle {
    const o = this.slotOwner(obj, i);
    return this.handles.create(this.memory.u32[(o + slotOffset(i)) >>> 2]!, false);
  }

  /** `obj.<slot i> = v`. */
  setSlot(obj: Handle, i: number, v: Handle): void {
    const o = this.slotOwner(obj, i);
    this.strategy.writeRef(o, o + slotOffset(i), this.handles.get(v));
  }

  private slotOwner(obj: Handle, i: number): number {
    const o = this.handles.get(obj);
    const t = o === 0 ? undefined : this.model.typeOf(o);
    if (t?.kind !== "slots") throw new PyTypeError(`'${t?.name ?? "NoneType"}' object has no slots`);
    if (!Number.isInteger(i) || i < 0 || i >= t.slots.length) {
      throw new PyIndexError(`'${t.name}' has ${t.slots.length} slots; slot ${i} does not exist`);
    }
    return o;
  }

  /**
   * The attribute names of an `instance` class, in the order of their values-array slots (slot `i` of
   * every instance's values array holds attribute `names[i]`); empty for other types. For tools that
   * name the references they walk.
   * @example
   * rt.setAttr(obj, "cache", d);
   * rt.attributeNames(rt.typeOf(obj)); // ["cache"]
   */
  attributeNames(type: TypeInfo): readonly string[] {
    return this.attrNames.get(type.id) ?? [];
  }

  /** `getattr(obj, name)`: a slot by name, or an instance attribute. Unset slots read as None. */
  getAttr(obj: Handle, name: string): Handle {
    const o = this.handles.get(obj);
    const t = o === 0 ? undefined : this.model.typeOf(o);
    if (t?.kind === "slots") {
      const i = t.slots.indexOf(name);
      if (i < 0) throw new PyAttributeError(`'${t.name}' object has no attribute '${name}'`);
      return this.getSlot(obj, i);
    }
    if (t?.kind === "instance") {
      const i = this.attrNames.get(t.id)?.indexOf(name) ?? -1;
      const values = this.memory.u32[(o + INSTANCE_VALUES) >>> 2]!;
      const v =
        i < 0 || values === 0 || i >= valuesCapacity(this.memory, values)
          ? 0
          : this.memory.u32[(values + VALUES_HEADER + 8 * i) >>> 2]!;
      if (v === 0) throw new PyAttributeError(`'${t.name}' object has no attribute '${name}'`);
      return this.handles.create(v, false);
    }
    throw new PyAttributeError(`'${t?.name ?? "NoneType"}' object has no attribute '${name}'`);
  }

  /** `setattr(obj, name, v)`: a slot by name, or an attribute in the instance's values array. */
  setAttr(obj: Handle, name: string, v: Handle): void {
    this.handles.index(v);
    this.poll();
    const o = this.handles.get(obj);
    const t = o === 0 ? undefined : this.model.typeOf(o);
    if (t?.kind === "slots") {
      const i = t.slots.indexOf(name);
      if (i < 0) throw new PyAttributeError(`'${t.name}' object has no attribute '${name}'`);
      this.setSlot(obj, i, v);
      return;
    }
    if (t?.kind !== "instance")
      throw new PyAttributeError(`'${t?.name ?? "NoneType"}' object attributes are read-only`);
    let names = this.attrNames.get(t.id);
    if (names === undefined) {
      names = [];
      this.attrNames.set(t.id, names);
    }
    let i = names.indexOf(name);
    if (i < 0) i = names.push(name) - 1;
    const values = this.memory.u32[(o + INSTANCE_VALUES) >>> 2]!;
    const cap = values === 0 ? 0 : valuesCapacity(this.memory, values);
    if (i >= cap) {
      const ncap = Math.max(4, names.length + (names.length >>> 1));
      const nv = this.aux.reallocAux(values, cap === 0 ? 0 : valuesBytes(cap), valuesBytes(ncap));
      this.memory.fill(
        nv + valuesBytes(cap === 0 ? 0 : cap),
        valuesBytes(ncap) - valuesBytes(cap === 0 ? 0 : cap),
        0,
      );
      this.memory.u32[nv >>> 2] = ncap;
      this.memory.u32[(this.handles.get(obj) + INSTANCE_VALUES) >>> 2] = nv;
    }
    const o2 = this.handles.get(obj);
    const vals = this.memory.u32[(o2 + INSTANCE_VALUES) >>> 2]!;
    this.strategy.writeRef(o2, vals + VALUES_HEADER + 8 * i, this.handles.get(v));
  }

  // ---------------------------------------------------------------- weak references

  /** `wr()`: the referent, or None once it died. */
  deref(wr: Handle): Handle {
    const w = this.expect(wr, "weakref");
    return this.handles.create(this.memory.u32[(w + WR_OBJECT) >>> 2]!, false);
  }

  /** Whether the referent of `wr` is still alive. */
  isAlive(wr: Handle): boolean {
    return this.memory.u32[(this.expect(wr, "weakref") + WR_OBJECT) >>> 2] !== 0;
  }

  // ---------------------------------------------------------------- memory management

  /**
   * Collects `generation` (default: the oldest). Under tracing strategies the queued finalizers run
   * afterwards, at the next safepoint.
   * @returns the objects found dead (`gc.collect()`'s number under `cpython-3.11`).
   * @throws PyValueError for a generation the strategy does not have ("invalid generation").
   */
  collect(
    generation = this.strategy.constraints.generations - 1,
    reason: CollectReason = "explicit",
  ): number {
    if (
      !Number.isInteger(generation) ||
      generation < 0 ||
      generation >= this.strategy.constraints.generations
    ) {
      throw new PyValueError("invalid generation");
    }
    this.poll();
    return this.strategy.collect(generation, reason);
  }

  /**
   * Pins `h`'s object so no collection moves it (a CLR `GCHandle.Alloc(obj, Pinned)`, `fixed`) until
   * `unpin`. Under strategies that never move objects this is a no-op.
   * @throws HeaplabError under a moving strategy that cannot pin (semispace, jvm-serial).
   * @example
   * rt.pin(buf); const addr = rt.addressOf(buf); rt.collect(); rt.addressOf(buf) === addr; // true
   */
  pin(h: Handle): void {
    const a = this.handles.get(h);
    if (a === 0) return;
    if (this.strategy.pin !== undefined) this.strategy.pin(a);
    else if (this.strategy.constraints.movesObjects)
      throw new HeaplabError(`'${this.strategy.name}' moves objects and cannot pin them`);
  }

  /** Lets `h`'s object move again after `pin`. */
  unpin(h: Handle): void {
    const a = this.handles.get(h);
    if (a !== 0) this.strategy.unpin?.(a);
  }

  /** Runs finalizers and callbacks a tracing collection queued (`System.runFinalization()`). */
  runPendingFinalizers(): number {
    this.finalizationPending = false;
    return this.strategy.drainFinalizers?.() ?? 0;
  }

  /** `sys.getrefcount(x) - 1` style: the reference count, or null where the strategy keeps none. */
  refcount(h: Handle): number | null {
    const a = this.handles.get(h);
    if (a === 0 || this.strategy.refcount === undefined) return null;
    return this.strategy.refcount(a);
  }

  /** `gc.is_finalized(x)`. */
  isFinalized(h: Handle): boolean {
    const a = this.handles.get(h);
    return a !== 0 && this.strategy.isFinalized(a);
  }

  /** Runtime and strategy counters. */
  stats(): RuntimeStats {
    return {
      ...this.strategy.stats(),
      allocations: this.allocationCount,
      allocatedBytes: this.allocatedBytes,
      handles: this.handles.live,
    };
  }

  /** Objects allocated so far (the logical clock of events). */
  get allocations(): number {
    return this.allocationCount;
  }

  /**
   * Checks the whole heap: every header, every reference, no overlap, weak lists, handles, then the
   * strategy's own invariants.
   * @throws HeapCorruptionError naming the address and what is wrong.
   */
  verify(): void {
    verifyHeap(this);
    this.strategy.verify();
  }

  // ---------------------------------------------------------------- finalizers and callbacks

  private runFinalizer(obj: number, gcSeq: number): void {
    const t = this.model.typeOf(obj);
    if (t.finalizer === null) return;
    if (this.events.active) {
      this.events.emit({
        type: "finalizer",
        typeName: t.name,
        address: obj,
        gcSeq,
        atAllocation: this.allocationCount,
      });
    }
    const mark = this.handles.openScope();
    try {
      t.finalizer(this.handles.create(obj, false));
    } catch (e) {
      this.unraisable(`Exception ignored in: <function ${t.name}.__del__>`, e);
    } finally {
      this.handles.closeScope(mark);
    }
  }

  private runWeakrefCallback(wr: number, gcSeq: number): void {
    const id = this.memory.u32[(wr + WR_CALLBACK) >>> 2]!;
    const fn = this.callbacks[id];
    if (id === 0 || fn === undefined) return;
    if (this.events.active)
      this.events.emit({ type: "weakref-callback", address: wr, gcSeq, atAllocation: this.allocationCount });
    const mark = this.handles.openScope();
    try {
      fn(this.handles.create(wr, false));
    } catch (e) {
      this.unraisable("Exception ignored in: <weakref callback>", e);
    } finally {
      this.handles.closeScope(mark);
    }
  }

  private unraisable(where: string, e: unknown): void {
    if (e instanceof HeaplabError && e.name === "MemoryError") throw e;
    const msg = `${where}\n${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    this.events.emit({ type: "unraisable", message: msg });
  }
}
