import {
  ConfigError,
  HeaplabError,
  InvalidHandleError,
  PyAttributeError,
  PyIndexError,
  PyKeyError,
  PyTypeError,
  PyValueError,
} from "../errors";
import { type CollectReason, EventStream } from "../events/event-stream";
import { FaultInjector } from "../faults/fault-injector";
import { LinearMemory } from "../memory/linear-memory";
import { OsMemory } from "../memory/os-memory";
import {
  dictClear,
  dictDelete,
  dictInsert,
  dictKeyAddresses,
  dictLookup,
  dictValueSlot,
} from "../model/dict-object";
import { AttributeNames, instanceSetValue, instanceValue } from "../model/instance-object";
import { listAppend, listClear, listInitItems, listItemSlot, listRemoveAt } from "../model/list-object";
import { ObjectModel } from "../model/object-model";
import type { RefStore } from "../model/ref-store";
import { setAdd, setClear, setContains, setDiscard } from "../model/set-table";
import { tupleItemSlot } from "../model/tuple-object";
import {
  DICT_USED,
  FLOAT_VALUE,
  OB_SIZE,
  SET_MASK,
  SET_USED,
  STR_LENGTH,
  slotOffset,
  type TypeInfo,
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
import { isBasicRef, weakrefsOf } from "../model/weakref-list";
import { initWeakref, weakrefReferent } from "../model/weakref-object";
import type { Handle } from "../roots/handle";
import { HandleTable } from "../roots/handle-table";
import type { HeapServices, HeapStats, Strategy } from "../strategy/strategy";
import { verifyHeap } from "../verify/verifier";
import {
  requireArray,
  requireCount,
  requireFunction,
  requireIndex,
  requireNumber,
  requireString,
} from "./arguments";
import { FinalizerRunner, type UnraisableRecord, type WeakrefCallback } from "./finalizer-runner";

export type { UnraisableRecord, WeakrefCallback } from "./finalizer-runner";

/**
 * Options for `new Runtime`.
 * @example
 * const rt = new Runtime(createNoneStrategy(), { heapLimit: 64 << 20 });
 */
export interface RuntimeOptions {
  /** Most bytes the heap may hold from the operating system, a whole number of bytes. Default 512 MiB. */
  heapLimit?: number;
}

/**
 * Runtime-level counters, beside the strategy's own `HeapStats`.
 * @example
 * const { allocations, usedBytes, liveObjects } = rt.stats();
 */
export interface RuntimeStats extends HeapStats {
  /** Objects allocated since the runtime started. */
  allocations: number;
  /** Bytes requested for objects since the runtime started (prefix + body). */
  allocatedBytes: number;
  /** Live handles. */
  handles: number;
}

const DEFAULT_LIMIT = 512 * 1024 * 1024;
/** Linear memory cannot exceed 4 GiB less a page, and the heap needs at least one page. */
const MAX_LIMIT = 4 * 1024 * 1024 * 1024 - 65536 - 4 * 1024 * 1024;

/** Strategies already attached to a runtime: a strategy keeps one heap's state and cannot serve two. */
const attached = new WeakSet<Strategy>();

/** Checks `new Runtime`'s options. @throws ConfigError naming the option. */
function checkOptions(options: RuntimeOptions): number {
  if (options === null || typeof options !== "object")
    throw new ConfigError(`Runtime options must be an object, not ${String(options)}`);
  for (const key of Object.keys(options))
    if (key !== "heapLimit") throw new ConfigError(`unknown Runtime option '${key}'; known: heapLimit`);
  const limit = options.heapLimit ?? DEFAULT_LIMIT;
  if (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit < 65536 || limit > MAX_LIMIT) {
    throw new ConfigError(
      `heapLimit must be a whole number of bytes from 65,536 to ${MAX_LIMIT.toLocaleString("en-US")}, not ${String(limit)}`,
    );
  }
  return limit;
}

/**
 * The reference store the runtime hands to the object code in `model/`: the strategy's stores and
 * releases, with the fault injector in front of auxiliary allocation.
 */
class RuntimeStore implements RefStore {
  constructor(
    private readonly strategy: Strategy,
    private readonly faults: FaultInjector,
  ) {}
  allocAux(bytes: number): number {
    this.faults.check("aux", bytes);
    return this.strategy.allocAux(bytes);
  }
  reallocAux(addr: number, oldBytes: number, newBytes: number): number {
    this.faults.check("aux", newBytes);
    return this.strategy.reallocAux(addr, oldBytes, newBytes);
  }
  freeAux(addr: number, bytes: number): void {
    this.strategy.freeAux(addr, bytes);
  }
  writeRef(obj: number, slot: number, value: number): void {
    this.strategy.writeRef(obj, slot, value);
  }
  writeWeakRef(obj: number, slot: number, value: number): void {
    this.strategy.writeWeakRef(obj, slot, value);
  }
  release(obj: number): void {
    this.strategy.release(obj);
  }
}

/**
 * The mutator API: Python-level operations on a heap of real bytes, the same under every strategy.
 * Each operation checks its arguments, turns handles into addresses, and calls the object code in
 * `model/` (`list-object.ts`, `tuple-object.ts`, `dict-object.ts`, `set-table.ts`, `instance-object.ts`,
 * `weakref-object.ts`); allocation goes through the strategy, which may collect.
 *
 * Programs hold objects through handles (small integers). Handles made in a scope are released when it
 * closes; `persistent` handles live until released. A refused call (a `HeaplabError`) leaves the heap
 * as it was.
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
  /** The strategy's stores behind the fault injector, for the object code. */
  private readonly store: RuntimeStore;
  private readonly finalizers: FinalizerRunner;
  private readonly attrNames = new AttributeNames();
  private allocationCount = 0;
  private allocatedBytes = 0;
  private gcSeq = 0;
  private finalizationPending = false;
  /** The runtime's own `()` for strategies without an `emptyTuple` hook (a persistent root). */
  private emptyTupleHandle: Handle = 0;

  /**
   * @throws ConfigError for a bad option, or a strategy instance already attached to another runtime.
   */
  constructor(strategy: Strategy, options: RuntimeOptions = {}) {
    const limit = checkOptions(options);
    if (strategy === null || typeof strategy !== "object" || typeof strategy.attach !== "function")
      throw new ConfigError("new Runtime needs a strategy (e.g. createNoneStrategy())");
    if (attached.has(strategy)) {
      throw new ConfigError(
        `this '${strategy.name}' strategy instance is already attached to another Runtime; create one strategy per Runtime`,
      );
    }
    // Linear memory spans the heap limit plus room for alignment holes and the unmapped first page.
    this.memory = new LinearMemory({ limitBytes: limit + 4 * 1024 * 1024 });
    this.os = new OsMemory(this.memory, { limitBytes: limit });
    this.model = new ObjectModel(this.memory, this.types);
    this.strategy = strategy;
    this.handles = new HandleTable(strategy);
    this.os.beforeMap = (bytes) => this.faults.check("os", bytes);
    this.store = new RuntimeStore(strategy, this.faults);
    this.finalizers = new FinalizerRunner(
      this.memory,
      this.model,
      this.handles,
      this.events,
      () => this.allocationCount,
      strategy.profile?.messages.delUnraisable,
    );
    attached.add(strategy);
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
      runFinalizer: (obj, gcSeq) => this.finalizers.runFinalizer(obj, gcSeq),
      runWeakrefCallback: (wr, gcSeq) => this.finalizers.runWeakrefCallback(wr, gcSeq),
      hasWeakrefCallback: (wr) => this.finalizers.hasCallback(wr),
      requestFinalization: () => {
        this.finalizationPending = true;
      },
      nextGcSeq: () => ++this.gcSeq,
    };
  }

  /**
   * Exceptions raised in finalizers and weak-reference callbacks, which were reported instead of
   * raised (the newest 1000, oldest first); each also emitted an `unraisable` event.
   * @example
   * rt.collect(); for (const u of rt.unraisable) console.error(u.message);
   */
  get unraisable(): readonly UnraisableRecord[] {
    return this.finalizers.unraisable;
  }

  // ---------------------------------------------------------------- handles

  /**
   * Runs `fn` in a handle scope: handles it makes are released when it returns (or throws), except a
   * returned handle, which escapes to the enclosing scope.
   */
  scope<T>(fn: () => T): T {
    requireFunction("scope body", fn);
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
    requireIndex("scope mark", mark);
    if (mark < 0 || mark > this.handles.openScope())
      throw new PyValueError(`scope mark ${mark} is not the mark of an open scope`);
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
    requireIndex("address", addr);
    if (addr !== 0 && !this.strategy.isObject(addr))
      throw new InvalidHandleError(`no object at 0x${addr.toString(16)}`);
    return this.handles.create(addr, false);
  }

  /**
   * Throws for the first stale handle in `hs` (and for `hs` not being an array). Operations call it
   * before they change anything, so a bad argument leaves the heap as it was.
   */
  private checkHandles(what: string, hs: readonly Handle[]): void {
    requireArray(what, hs);
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
    if (this.evalBreakerAtAllocation) this.strategy.evalBreaker?.();
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
    if (typeof v !== "number" && typeof v !== "bigint") requireNumber("int value", v);
    if (typeof v === "bigint" && Number.isSafeInteger(Number(v))) v = Number(v);
    if (typeof v === "number" && !Number.isSafeInteger(v))
      throw new PyValueError(`int value ${v} is not a safe integer (pass a bigint)`);
    const cached = typeof v === "number" ? (this.strategy.cachedInt?.(v) ?? 0) : 0;
    if (cached !== 0) return this.handles.create(cached, false);
    const obj = this.alloc(this.types.get(TypeId.int), intBodyBytes(v));
    writeInt(this.memory, obj, v);
    return this.handles.create(obj, true);
  }

  /** `float(v)`: any number, NaN and the infinities included. */
  newFloat(v: number): Handle {
    requireNumber("float value", v);
    const obj = this.alloc(this.types.get(TypeId.float), 16);
    this.memory.f64[(obj + FLOAT_VALUE) >>> 3] = v;
    return this.handles.create(obj, true);
  }

  /** A str with value `s` (compact layout: 1, 2 or 4 bytes a character). */
  newStr(s: string): Handle {
    requireString("str value", s);
    const cached = this.strategy.cachedStr?.(s) ?? 0;
    if (cached !== 0) return this.handles.create(cached, false);
    const obj = this.alloc(this.types.get(TypeId.str), strBodyBytes(s));
    writeStr(this.memory, obj, s);
    return this.handles.create(obj, true);
  }

  /** `sys.intern(s)`: the one interned str with this value, where the strategy interns; else a new str. */
  intern(s: string): Handle {
    requireString("str value", s);
    const a = this.strategy.internString?.(s) ?? 0;
    return a !== 0 ? this.handles.create(a, false) : this.newStr(s);
  }

  /** A bytes object of `n` zero bytes, or a copy of `data`. */
  newBytes(data: number | Uint8Array): Handle {
    if (!(data instanceof Uint8Array)) requireCount("bytes length", data);
    const d = typeof data === "number" ? new Uint8Array(data) : data;
    const t = this.types.get(TypeId.bytes);
    const obj = this.alloc(t, this.model.newBodyBytes(t, d.length));
    writeBytes(this.memory, obj, d);
    return this.handles.create(obj, true);
  }

  /** `(a, b, ...)`: a tuple of the given items. `()` is one shared object, as in CPython. */
  newTuple(items: readonly Handle[]): Handle {
    this.checkHandles("tuple items", items);
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
      this.strategy.writeRef(obj, tupleItemSlot(obj, i), this.handles.get(items[i]!));
    return this.handles.create(obj, true);
  }

  /**
   * `[a, b, ...]`: a list whose item array is allocated separately, exactly as long as `items`
   * (`PyList_New(n)`); an empty list has no item array.
   */
  newList(items: readonly Handle[] = []): Handle {
    this.checkHandles("list items", items);
    const obj = this.alloc(this.types.get(TypeId.list), 32);
    const h = this.handles.create(obj, true);
    const n = items.length;
    if (n > 0) {
      listInitItems(this.memory, this.store, obj, n); // auxiliary allocation: `obj` does not move
      for (let i = 0; i < n; i++)
        this.strategy.writeRef(obj, listItemSlot(this.memory, obj, i), this.handles.get(items[i]!));
    }
    return h;
  }

  /** `{k: v, ...}` from key/value handle pairs, inserted in order. An empty dict allocates no keys table. */
  newDict(entries: readonly (readonly [Handle, Handle])[] = []): Handle {
    requireArray("dict entries", entries);
    for (const e of entries) {
      if (!Array.isArray(e) || e.length !== 2)
        throw new PyTypeError("dict entries must be [key, value] pairs of handles");
      this.checkKey(e[0]);
      this.handles.index(e[1]);
    }
    const obj = this.alloc(this.types.get(TypeId.dict), 40);
    const h = this.handles.create(obj, true);
    for (const [k, v] of entries) this.dictSet(h, k, v);
    return h;
  }

  /** `set(items)`. */
  newSet(items: readonly Handle[] = []): Handle {
    this.checkHandles("set items", items);
    for (const it of items) this.checkKey(it, "sets");
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
    this.checkHandles("slot values", values);
    if (type === null || typeof type !== "object" || this.types.find(type.id) !== type)
      throw new PyTypeError("newObject needs a class registered with this runtime's rt.types.register");
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
    if (callback !== undefined) requireFunction("weakref callback", callback);
    const tgt = this.handles.get(target);
    const tt = tgt === 0 ? undefined : this.model.typeOf(tgt);
    if (tt === undefined || !tt.weakrefable) {
      throw new PyTypeError(`cannot create weak reference to '${tt?.name ?? "NoneType"}' object`);
    }
    const head = this.memory.u32[(tgt + tt.weaklistOffset) >>> 2]!;
    if (callback === undefined && head !== 0 && isBasicRef(this.memory, head))
      return this.handles.create(head, false);
    const id = callback === undefined ? 0 : this.finalizers.callbackId(callback);
    const wr = this.alloc(this.types.get(TypeId.weakref), 56);
    const o = this.handles.get(target); // the allocation may have moved the target
    initWeakref(this.memory, this.store, wr, o, o + tt.weaklistOffset, id);
    return this.handles.create(wr, true);
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

  /** The address of `h`'s object. @throws PyTypeError unless it is of `kind`. */
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
    listAppend(this.memory, this.store, this.expect(list, "list"), this.handles.get(v));
  }

  /**
   * The address of item `index` of list or tuple `o` (negative indexes count from the end).
   * @throws PyTypeError for a non-integer index, PyIndexError out of range.
   */
  private itemSlot(o: number, t: TypeInfo, index: number): number {
    requireIndex(`${t.name} index`, index);
    const n = this.memory.u32[(o + OB_SIZE) >>> 2]!;
    const i = index < 0 ? index + n : index;
    if (i < 0 || i >= n) throw new PyIndexError(`${t.name} index ${index} out of range (len ${n})`);
    return t.kind === "tuple" ? tupleItemSlot(o, i) : listItemSlot(this.memory, o, i);
  }

  /** `seq[i]` for lists and tuples (negative indexes count from the end). @throws PyIndexError */
  getItem(seq: Handle, index: number): Handle {
    const o = this.handles.get(seq);
    const t = o === 0 ? undefined : this.model.typeOf(o);
    if (t?.kind !== "list" && t?.kind !== "tuple")
      throw new PyTypeError(`'${t?.name ?? "NoneType"}' object is not subscriptable`);
    const slot = this.itemSlot(o, t, index);
    return this.handles.create(this.memory.u32[slot >>> 2]!, false);
  }

  /** `lst[i] = v`. Tuples are immutable and refuse. @throws PyIndexError */
  setItem(list: Handle, index: number, v: Handle): void {
    this.handles.index(v);
    const o = this.expect(list, "list");
    const slot = this.itemSlot(o, this.model.typeOf(o), index);
    this.strategy.writeRef(o, slot, this.handles.get(v));
  }

  /** `del lst[i]`. @throws PyIndexError */
  delItem(list: Handle, index: number): void {
    const o = this.expect(list, "list");
    const i = this.listIndex(o, index, "list assignment index out of range");
    const v = listRemoveAt(this.memory, this.store, o, i);
    if (v !== 0) this.strategy.release(v);
  }

  /** `lst.pop(i=-1)`: the removed item (its reference moves to the returned handle). */
  pop(list: Handle, index = -1): Handle {
    const o = this.expect(list, "list");
    requireIndex("pop index", index);
    if (this.memory.u32[(o + OB_SIZE) >>> 2] === 0) throw new PyIndexError("pop from empty list");
    const i = this.listIndex(o, index, "pop index out of range");
    return this.handles.create(listRemoveAt(this.memory, this.store, o, i), true);
  }

  /** `index` of list `o` as a position `0 <= i < len` (negative counts from the end). */
  private listIndex(o: number, index: number, outOfRange: string): number {
    requireIndex("list index", index);
    const n = this.memory.u32[(o + OB_SIZE) >>> 2]!;
    const i = index < 0 ? index + n : index;
    if (i < 0 || i >= n) throw new PyIndexError(outOfRange);
    return i;
  }

  /** `x.clear()` for lists, dicts and sets: detaches the storage first, then drops the references. */
  clear(container: Handle): void {
    const o = this.handles.get(container);
    const t = o === 0 ? undefined : this.model.typeOf(o);
    if (t?.kind === "list") listClear(this.memory, this.store, o);
    else if (t?.kind === "dict") dictClear(this.memory, this.store, o);
    else if (t?.kind === "set") setClear(this.memory, this.store, o);
    else throw new PyTypeError(`'${t?.name ?? "NoneType"}' object has no clear()`);
  }

  // ---------------------------------------------------------------- dicts and sets

  /** How a missing key is named in a KeyError: its value for int and str, else its type. */
  private describe(h: Handle): string {
    const t = this.typeName(h);
    if (t === "int") return String(this.intValue(h));
    if (t === "str") return JSON.stringify(this.strValue(h));
    return `<${t}>`;
  }

  /**
   * Refuses a key heaplab's dicts and sets cannot hold: None, or one hashed by address under a moving
   * strategy (a collection would move it away from its hash).
   */
  private checkKey(key: Handle, container: "dicts" | "sets" = "dicts"): void {
    const k = this.handles.get(key);
    if (k === 0)
      throw new PyTypeError(
        container === "dicts" ? "heaplab dicts do not take None as a key" : "heaplab sets do not hold None",
      );
    if (this.strategy.constraints.movesObjects) {
      const t = this.model.typeOf(k);
      const kk = t.kind;
      if (kk !== "int" && kk !== "str" && kk !== "float" && kk !== "weakref") {
        throw new PyTypeError(
          `'${t.name}' objects hash by address, which a moving strategy changes; use int, float, str or weakref ${container === "dicts" ? "keys" : "items"}`,
        );
      }
    }
  }

  /** `d[key]`. @throws PyKeyError for a missing key. */
  dictGet(dict: Handle, key: Handle): Handle {
    const d = this.expect(dict, "dict");
    const ix = dictLookup(this.memory, d, this.handles.get(key));
    if (ix < 0) throw new PyKeyError(this.describe(key));
    return this.handles.create(this.memory.u32[dictValueSlot(this.memory, d, ix) >>> 2]!, false);
  }

  /** `d[key] = v`: replaces the value of an existing key, else appends an entry (resizing as CPython does). */
  dictSet(dict: Handle, key: Handle, v: Handle): void {
    this.handles.index(v); // refuse a stale value before the key is stored
    this.poll();
    const d = this.expect(dict, "dict");
    this.checkKey(key);
    dictInsert(this.memory, this.store, d, this.handles.get(key), this.handles.get(v));
  }

  /** `del d[key]`. @throws PyKeyError for a missing key. */
  dictDelete(dict: Handle, key: Handle): void {
    const d = this.expect(dict, "dict");
    if (!dictDelete(this.memory, this.store, d, this.handles.get(key)))
      throw new PyKeyError(this.describe(key));
  }

  /** `key in d` for dicts, `x in s` for sets. */
  contains(container: Handle, key: Handle): boolean {
    const o = this.handles.get(container);
    const t = o === 0 ? undefined : this.model.typeOf(o);
    const k = this.handles.get(key);
    if (t?.kind === "dict") return dictLookup(this.memory, o, k) >= 0;
    if (t?.kind === "set") return setContains(this.memory, o, k);
    throw new PyTypeError(`argument of type '${t?.name ?? "NoneType"}' is not a container heaplab searches`);
  }

  /** The keys of a dict, in insertion order, as scoped handles. */
  keys(dict: Handle): Handle[] {
    const keys = dictKeyAddresses(this.memory, this.expect(dict, "dict"));
    return keys.map((k) => this.handles.create(k, false));
  }

  /** `s.add(x)`. */
  add(set: Handle, key: Handle): void {
    this.handles.index(key);
    this.poll();
    const s = this.expect(set, "set");
    this.checkKey(key, "sets");
    setAdd(this.memory, this.store, () => s, this.handles.get(key)); // auxiliary allocation only: `s` does not move
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
    this.handles.index(v);
    const o = this.slotOwner(obj, i);
    this.strategy.writeRef(o, o + slotOffset(i), this.handles.get(v));
  }

  private slotOwner(obj: Handle, i: number): number {
    const o = this.handles.get(obj);
    const t = o === 0 ? undefined : this.model.typeOf(o);
    if (t?.kind !== "slots") throw new PyTypeError(`'${t?.name ?? "NoneType"}' object has no slots`);
    requireIndex("slot number", i);
    if (i < 0 || i >= t.slots.length) {
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
    return this.attrNames.of(type.id);
  }

  /** `getattr(obj, name)`: a slot by name, or an instance attribute. Unset slots read as None. */
  getAttr(obj: Handle, name: string): Handle {
    requireString("attribute name", name);
    const o = this.handles.get(obj);
    const t = o === 0 ? undefined : this.model.typeOf(o);
    if (t?.kind === "slots") return this.getSlot(obj, this.slotNamed(t, name));
    if (t?.kind === "instance") {
      const v = instanceValue(this.memory, o, this.attrNames.indexOf(t.id, name));
      if (v === 0) throw new PyAttributeError(`'${t.name}' object has no attribute '${name}'`);
      return this.handles.create(v, false);
    }
    throw new PyAttributeError(`'${t?.name ?? "NoneType"}' object has no attribute '${name}'`);
  }

  /** `setattr(obj, name, v)`: a slot by name, or an attribute in the instance's values array. */
  setAttr(obj: Handle, name: string, v: Handle): void {
    requireString("attribute name", name);
    this.handles.index(v);
    this.poll();
    const o = this.handles.get(obj);
    const t = o === 0 ? undefined : this.model.typeOf(o);
    if (t?.kind === "slots") {
      this.setSlot(obj, this.slotNamed(t, name), v);
      return;
    }
    if (t?.kind !== "instance")
      throw new PyAttributeError(`'${t?.name ?? "NoneType"}' object attributes are read-only`);
    const i = this.attrNames.slotFor(t.id, name);
    instanceSetValue(this.memory, this.store, o, i, this.attrNames.of(t.id).length, this.handles.get(v));
  }

  private slotNamed(t: TypeInfo, name: string): number {
    const i = t.slots.indexOf(name);
    if (i < 0) throw new PyAttributeError(`'${t.name}' object has no attribute '${name}'`);
    return i;
  }

  // ---------------------------------------------------------------- weak references

  /** `wr()`: the referent, or None once it died. */
  deref(wr: Handle): Handle {
    return this.handles.create(weakrefReferent(this.memory, this.expect(wr, "weakref")), false);
  }

  /**
   * `weakref.getweakrefs(obj)`: the weak references to `h`'s object, as scoped handles (the basic
   * reference first, then those with callbacks, newest first); empty for None and for objects that
   * take no weak references.
   * @example
   * const wr = rt.newWeakref(obj); rt.getweakrefs(obj).length; // 1
   */
  getweakrefs(h: Handle): Handle[] {
    const o = this.handles.get(h);
    if (o === 0) return [];
    return weakrefsOf(this.model, o).map((wr) => this.handles.create(wr, false));
  }

  /** Whether the referent of `wr` is still alive. */
  isAlive(wr: Handle): boolean {
    return weakrefReferent(this.memory, this.expect(wr, "weakref")) !== 0;
  }

  // ---------------------------------------------------------------- memory management

  /**
   * Collects `generation` (default: the oldest). Under tracing strategies the finalizers and weak-reference
   * callbacks it queued run before it returns, as IronPython's `gc.collect()` waits for them.
   * @returns the objects found dead (`gc.collect()`'s number under `cpython-3.11`).
   * @throws PyValueError for a generation the strategy does not have ("invalid generation").
   */
  collect(
    generation = this.strategy.constraints.generations - 1,
    reason: CollectReason = "explicit",
  ): number {
    requireIndex("generation", generation);
    if (generation < 0 || generation >= this.strategy.constraints.generations) {
      throw new PyValueError("invalid generation");
    }
    this.poll();
    const found = this.strategy.collect(generation, reason);
    this.poll(); // gc.collect() returns after the finalizers it queued ran (GC.WaitForPendingFinalizers)
    return found;
  }

  /**
   * Whether every object allocation starts with an eval-breaker check (default true), so a collection
   * a `cpython-3.12`+ allocation scheduled runs before the next allocation — the nearest point a
   * mutator that is not a bytecode interpreter (a workload, the Python interpreter here) has to
   * CPython's next call or loop back-edge. A caller that places `evalBreaker()` where CPython's
   * bytecode checks (the trace replayer) turns it off.
   */
  evalBreakerAtAllocation = true;

  /**
   * An eval-breaker check of the interpreter running on this heap (a call returned, a backward jump, a
   * Python function's RESUME): under `cpython-3.12`+ a collection the allocator scheduled runs here, as
   * `_Py_HandlePending` runs `_Py_RunGC`. Strategies that collect inside the allocation have nothing
   * pending. Callers place these where CPython's bytecode has them (the trace replayer mirrors the
   * referee's loop; the Python interpreter checks at calls and loop back-edges).
   * @example
   * rt.newList(); // under cpython-3.12 past threshold 0: scheduled, not yet collected
   * rt.evalBreaker(); // the collection runs now
   */
  evalBreaker(): void {
    if (this.strategy.evalBreaker === undefined) return;
    this.strategy.evalBreaker();
    this.poll();
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
}
