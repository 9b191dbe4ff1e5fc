import {
  HeaplabError,
  InvalidHandleError,
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
import { listAppend, listClear, listRemoveAt } from "../model/list-object";
import { objectLength } from "../model/object-length";
import { ObjectModel } from "../model/object-model";
import { setAdd, setClear, setContains, setDiscard } from "../model/set-table";
import { slotOffset, type TypeInfo } from "../model/type-info";
import { TypeRegistry } from "../model/type-registry";
import { readFloat, readInt, readStr } from "../model/value-codec";
import { weakrefsOf } from "../model/weakref-list";
import { weakrefReferent } from "../model/weakref-object";
import type { Handle } from "../roots/handle";
import { HandleTable } from "../roots/handle-table";
import { StackMutator } from "../roots/stack-mutator";
import type { Strategy } from "../strategy/strategy";
import { verifyHeap } from "../verify/verifier";
import { AllocationPath } from "./allocation-path";
import { requireIndex, requireString } from "./arguments";
import { checkKey, describeKey } from "./dict-keys";
import { FinalizerRunner, type UnraisableRecord, type WeakrefCallback } from "./finalizer-runner";
import { closeScopeAt, inScope } from "./handle-scopes";
import { heapServices } from "./heap-services";
import { InstanceAttributes } from "./instance-attributes";
import { ObjectFactory } from "./object-factory";
import { Operands } from "./operands";
import {
  checkOptions,
  checkStrategy,
  claimStrategy,
  type RuntimeOptions,
  type RuntimeStats,
} from "./runtime-options";
import { RuntimeStore } from "./runtime-store";
import { Safepoint } from "./safepoint";

export type { UnraisableRecord, WeakrefCallback } from "./finalizer-runner";
export type { RuntimeOptions, RuntimeStats } from "./runtime-options";

/**
 * The mutator API: Python-level operations on a heap of real bytes, the same under every strategy.
 * Each operation checks its arguments (`arguments.ts`, `operands.ts`), turns handles into addresses,
 * and calls the object code in `model/` (`list-object.ts`, `dict-object.ts`, `set-table.ts`, …) or the
 * runtime's own parts: `object-factory.ts` makes objects through `allocation-path.ts`, `safepoint.ts`
 * runs queued finalizers, `instance-attributes.ts` resolves attribute names. Allocation goes through
 * the strategy, which may collect; every reference store through `Strategy.writeRef`.
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
  /** The roots: every handle the program holds. The one way from a handle to an address. */
  readonly handles: HandleTable;
  /** The mutator API for compiled code: roots on the shadow stack instead of handles (`roots/stack-mutator.ts`). */
  readonly stack: StackMutator;
  readonly strategy: Strategy;
  /** Fault injection: make the Nth object, auxiliary or page allocation fail (`rt.faults.arm`). */
  readonly faults = new FaultInjector();
  /** The strategy's stores behind the fault injector, for the object code. */
  private readonly store: RuntimeStore;
  private readonly safepoint: Safepoint;
  private readonly allocation: AllocationPath;
  private readonly finalizers: FinalizerRunner;
  private readonly operands: Operands;
  private readonly make: ObjectFactory;
  private readonly attributes: InstanceAttributes;

  /** @throws ConfigError for a bad option, or a strategy instance already attached to another runtime. */
  constructor(strategy: Strategy, options: RuntimeOptions = {}) {
    const limit = checkOptions(options);
    checkStrategy(strategy);
    // Linear memory spans the heap limit plus room for alignment holes and the unmapped first page.
    this.memory = new LinearMemory({ limitBytes: limit + 4 * 1024 * 1024 });
    this.os = new OsMemory(this.memory, { limitBytes: limit });
    this.model = new ObjectModel(this.memory, this.types);
    this.strategy = strategy;
    this.handles = new HandleTable(strategy);
    this.os.beforeMap = (bytes) => this.faults.check("os", bytes);
    this.store = new RuntimeStore(strategy, this.faults);
    this.safepoint = new Safepoint(strategy);
    const allocation = new AllocationPath(strategy, this.safepoint, this.faults, this.events);
    this.allocation = allocation;
    this.stack = new StackMutator(this.handles, this.types, this.memory, strategy, (t, n) =>
      allocation.alloc(t, n),
    );
    this.finalizers = new FinalizerRunner(
      this.memory,
      this.model,
      this.handles,
      this.events,
      () => allocation.count,
      strategy.profile?.messages.delUnraisable,
    );
    this.operands = new Operands(this.memory, this.model, this.handles);
    this.make = new ObjectFactory(
      this.memory,
      this.types,
      this.model,
      this.handles,
      strategy,
      this.store,
      allocation,
      this.finalizers,
    );
    this.attributes = new InstanceAttributes(this.memory, this.store, this.operands);
    const { memory, os, types, handles, events, model, finalizers, safepoint } = this;
    claimStrategy(strategy);
    strategy.attach(
      heapServices({ memory, os, types, handles, events, model, allocation, finalizers, safepoint }),
    );
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
    return inScope(this.handles, fn);
  }

  /** Opens a handle scope; pass the mark to `closeScope`. */
  openScope(): number {
    return this.handles.openScope();
  }

  /** Releases the handles made since `mark` (except persistent and escaped ones). */
  closeScope(mark: number): void {
    closeScopeAt(this.handles, mark);
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

  // ---------------------------------------------------------------- new objects (object-factory.ts)

  /** `int(v)`: a cached small int under strategies that cache them, else a new int; a bigint is exact. */
  newInt(v: number | bigint): Handle {
    return this.make.int(v);
  }

  /** `float(v)`: any number, NaN and the infinities included. */
  newFloat(v: number): Handle {
    return this.make.float(v);
  }

  /** A str with value `s` (compact layout: 1, 2 or 4 bytes a character). */
  newStr(s: string): Handle {
    return this.make.str(s);
  }

  /** `sys.intern(s)`: the one interned str with this value, where the strategy interns; else a new str. */
  intern(s: string): Handle {
    return this.make.intern(s);
  }

  /** A bytes object of `n` zero bytes, or a copy of `data`. */
  newBytes(data: number | Uint8Array): Handle {
    return this.make.bytes(data);
  }

  /** `(a, b, ...)`: a tuple of the given items. `()` is one shared object, as in CPython. */
  newTuple(items: readonly Handle[]): Handle {
    this.operands.requireHandles("tuple items", items);
    return this.make.tuple(items);
  }

  /**
   * `[a, b, ...]`: a list whose item array is allocated separately, exactly as long as `items`
   * (`PyList_New(n)`); an empty list has no item array.
   */
  newList(items: readonly Handle[] = []): Handle {
    this.operands.requireHandles("list items", items);
    return this.make.list(items);
  }

  /** `{k: v, ...}` from key/value handle pairs, inserted in order. An empty dict allocates no keys table. */
  newDict(entries: readonly (readonly [Handle, Handle])[] = []): Handle {
    this.operands.requireEntries(entries, this.strategy);
    const h = this.make.emptyDict();
    for (const [k, v] of entries) this.dictSet(h, k, v);
    return h;
  }

  /** `set(items)`. */
  newSet(items: readonly Handle[] = []): Handle {
    this.operands.requireSetItems(items, this.strategy);
    const h = this.make.emptySet();
    for (const it of items) this.add(h, it);
    return h;
  }

  /**
   * An instance of a registered class. For `slots` classes `values` fill the slots in order; for
   * `instance` classes use `setAttr`.
   */
  newObject(type: TypeInfo, values: readonly Handle[] = []): Handle {
    this.operands.requireHandles("slot values", values);
    return this.make.instance(type, values);
  }

  /**
   * `weakref.ref(target[, callback])`. Without a callback, an existing basic reference is returned
   * (CPython shares one). A callback runs once, after the target dies, with the dead reference.
   * @throws PyTypeError if the target's type does not accept weak references.
   */
  newWeakref(target: Handle, callback?: WeakrefCallback): Handle {
    return this.make.weakref(target, callback);
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
    return this.operands.typeAt(this.handles.get(h))?.name ?? "NoneType";
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
    return readInt(this.memory, this.operands.expect(h, "int"));
  }

  /** The value of a float. */
  floatValue(h: Handle): number {
    return readFloat(this.memory, this.operands.expect(h, "float"));
  }

  /** The value of a str. */
  strValue(h: Handle): string {
    return readStr(this.memory, this.operands.expect(h, "str"));
  }

  /** `len(x)` for tuple, list, dict, set, str and bytes. */
  len(h: Handle): number {
    const o = this.handles.get(h);
    if (o === 0) throw new PyTypeError("object of type 'NoneType' has no len()");
    const t = this.model.typeOf(o);
    const n = objectLength(this.memory, t, o);
    if (n < 0) throw new PyTypeError(`object of type '${t.name}' has no len()`);
    return n;
  }

  /** `sys.getsizeof(x)`: the strategy's header + the body + owned storage (a list's items, a dict's keys). */
  sizeOf(h: Handle): number {
    const o = this.handles.get(h);
    if (o === 0) return 16;
    const t = this.model.typeOf(o);
    return this.strategy.prefixBytes(t) + this.model.bodyBytesOf(t, o) + this.model.auxBytes(o);
  }

  // ---------------------------------------------------------------- lists and tuples

  /** `lst.append(v)`: grows the item array as `list_resize` does (0, 4, 8, 16, 24, 32, 40, 52, ...). */
  append(list: Handle, v: Handle): void {
    this.handles.index(v); // refuse a stale value before the list grows
    this.safepoint.poll();
    listAppend(this.memory, this.store, this.operands.expect(list, "list"), this.handles.get(v));
  }

  /** `seq[i]` for lists and tuples (negative indexes count from the end). @throws PyIndexError */
  getItem(seq: Handle, index: number): Handle {
    return this.handles.create(this.memory.u32[this.operands.itemSlot(seq, index) >>> 2]!, false);
  }

  /** `lst[i] = v`. Tuples are immutable and refuse. @throws PyIndexError */
  setItem(list: Handle, index: number, v: Handle): void {
    this.handles.index(v);
    const o = this.handles.get(list);
    this.strategy.writeRef(o, this.operands.listItemSlot(list, index), this.handles.get(v));
  }

  /** `del lst[i]`. @throws PyIndexError */
  delItem(list: Handle, index: number): void {
    const o = this.operands.expect(list, "list");
    const v = listRemoveAt(
      this.memory,
      this.store,
      o,
      this.operands.listPosition(o, index, "list assignment index out of range"),
    );
    if (v !== 0) this.strategy.release(v);
  }

  /** `lst.pop(i=-1)`: the removed item (its reference moves to the returned handle). */
  pop(list: Handle, index = -1): Handle {
    const o = this.operands.expect(list, "list");
    requireIndex("pop index", index);
    if (this.len(list) === 0) throw new PyIndexError("pop from empty list");
    const i = this.operands.listPosition(o, index, "pop index out of range");
    return this.handles.create(listRemoveAt(this.memory, this.store, o, i), true);
  }

  /** `x.clear()` for lists, dicts and sets: detaches the storage first, then drops the references. */
  clear(container: Handle): void {
    const o = this.handles.get(container);
    const t = this.operands.typeAt(o);
    if (t?.kind === "list") listClear(this.memory, this.store, o);
    else if (t?.kind === "dict") dictClear(this.memory, this.store, o);
    else if (t?.kind === "set") setClear(this.memory, this.store, o);
    else throw new PyTypeError(`'${t?.name ?? "NoneType"}' object has no clear()`);
  }

  // ---------------------------------------------------------------- dicts and sets (dict-keys.ts)

  /** `d[key]`. @throws PyKeyError for a missing key. */
  dictGet(dict: Handle, key: Handle): Handle {
    const d = this.operands.expect(dict, "dict");
    const ix = dictLookup(this.memory, d, this.handles.get(key));
    if (ix < 0) throw new PyKeyError(describeKey(this.memory, this.model, this.handles.get(key)));
    return this.handles.create(this.memory.u32[dictValueSlot(this.memory, d, ix) >>> 2]!, false);
  }

  /** `d[key] = v`: replaces the value of an existing key, else appends an entry (resizing as CPython does). */
  dictSet(dict: Handle, key: Handle, v: Handle): void {
    this.handles.index(v); // refuse a stale value before the key is stored
    this.safepoint.poll();
    const d = this.operands.expect(dict, "dict");
    checkKey(this.model, this.strategy, this.handles.get(key), "dicts");
    dictInsert(this.memory, this.store, d, this.handles.get(key), this.handles.get(v));
  }

  /** `del d[key]`. @throws PyKeyError for a missing key. */
  dictDelete(dict: Handle, key: Handle): void {
    const d = this.operands.expect(dict, "dict");
    if (!dictDelete(this.memory, this.store, d, this.handles.get(key)))
      throw new PyKeyError(describeKey(this.memory, this.model, this.handles.get(key)));
  }

  /** `key in d` for dicts, `x in s` for sets. */
  contains(container: Handle, key: Handle): boolean {
    const o = this.handles.get(container);
    const t = this.operands.typeAt(o);
    const k = this.handles.get(key);
    if (t?.kind === "dict") return dictLookup(this.memory, o, k) >= 0;
    if (t?.kind === "set") return setContains(this.memory, o, k);
    throw new PyTypeError(`argument of type '${t?.name ?? "NoneType"}' is not a container heaplab searches`);
  }

  /** The keys of a dict, in insertion order, as scoped handles. */
  keys(dict: Handle): Handle[] {
    const keys = dictKeyAddresses(this.memory, this.operands.expect(dict, "dict"));
    return keys.map((k) => this.handles.create(k, false));
  }

  /** `s.add(x)`. */
  add(set: Handle, key: Handle): void {
    this.handles.index(key);
    this.safepoint.poll();
    const s = this.operands.expect(set, "set");
    checkKey(this.model, this.strategy, this.handles.get(key), "sets");
    setAdd(this.memory, this.store, () => s, this.handles.get(key)); // auxiliary allocation only: `s` does not move
  }

  /** `s.discard(x)`. */
  discard(set: Handle, key: Handle): void {
    const k = setDiscard(this.memory, this.operands.expect(set, "set"), this.handles.get(key));
    if (k !== 0) this.strategy.release(k);
  }

  // ---------------------------------------------------------------- attributes and slots (instance-attributes.ts)

  /** `obj.<slot i>` of a `slots` instance; an unset slot reads as None. */
  getSlot(obj: Handle, i: number): Handle {
    const o = this.operands.slotOwner(obj, i);
    return this.handles.create(this.memory.u32[(o + slotOffset(i)) >>> 2]!, false);
  }

  /** `obj.<slot i> = v`. */
  setSlot(obj: Handle, i: number, v: Handle): void {
    this.handles.index(v);
    const o = this.operands.slotOwner(obj, i);
    this.strategy.writeRef(o, o + slotOffset(i), this.handles.get(v));
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
    return this.attributes.namesOf(type);
  }

  /** `getattr(obj, name)`: a slot by name, or an instance attribute. Unset slots read as None. */
  getAttr(obj: Handle, name: string): Handle {
    requireString("attribute name", name);
    return this.handles.create(this.attributes.get(this.handles.get(obj), name), false);
  }

  /** `setattr(obj, name, v)`: a slot by name, or an attribute in the instance's values array. */
  setAttr(obj: Handle, name: string, v: Handle): void {
    requireString("attribute name", name);
    this.handles.index(v);
    this.safepoint.poll();
    this.attributes.set(this.handles.get(obj), name, this.handles.get(v));
  }

  // ---------------------------------------------------------------- weak references

  /** `wr()`: the referent, or None once it died. */
  deref(wr: Handle): Handle {
    return this.handles.create(weakrefReferent(this.memory, this.operands.expect(wr, "weakref")), false);
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
    return weakrefReferent(this.memory, this.operands.expect(wr, "weakref")) !== 0;
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
    this.safepoint.poll();
    const found = this.strategy.collect(generation, reason);
    this.safepoint.poll(); // gc.collect() returns after the finalizers it queued ran (GC.WaitForPendingFinalizers)
    return found;
  }

  /**
   * Whether every object allocation starts with an eval-breaker check (default true), so a collection
   * a `cpython-3.12`+ allocation scheduled runs before the next allocation — the nearest point a
   * mutator that is not a bytecode interpreter (a workload, the Python interpreter here) has to
   * CPython's next call or loop back-edge. A caller that places `evalBreaker()` where CPython's
   * bytecode checks (the trace replayer) turns it off.
   * @example
   * rt.evalBreakerAtAllocation = false; // the caller calls rt.evalBreaker() itself
   */
  get evalBreakerAtAllocation(): boolean {
    return this.allocation.evalBreakerFirst;
  }
  set evalBreakerAtAllocation(on: boolean) {
    this.allocation.evalBreakerFirst = on;
  }

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
    this.safepoint.poll();
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
    return this.safepoint.drain();
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
    const { count, bytes } = this.allocation;
    return {
      ...this.strategy.stats(),
      allocations: count,
      allocatedBytes: bytes,
      handles: this.handles.live,
    };
  }

  /** Objects allocated so far (the logical clock of events). */
  get allocations(): number {
    return this.allocation.count;
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
