import { PyTypeError, PyValueError } from "../errors";
import type { LinearMemory } from "../memory/linear-memory";
import { listInitItems, listItemSlot } from "../model/list-object";
import type { ObjectModel } from "../model/object-model";
import type { RefStore } from "../model/ref-store";
import { setInit } from "../model/set-table";
import { tupleInitSize, tupleItemSlot } from "../model/tuple-object";
import { slotOffset, type TypeInfo } from "../model/type-info";
import { TypeId, type TypeRegistry } from "../model/type-registry";
import { intBodyBytes, strBodyBytes, writeBytes, writeFloat, writeInt, writeStr } from "../model/value-codec";
import { isBasicRef } from "../model/weakref-list";
import { initWeakref } from "../model/weakref-object";
import type { Handle } from "../roots/handle";
import type { HandleTable } from "../roots/handle-table";
import type { Strategy } from "../strategy/strategy";
import type { AllocationPath } from "./allocation-path";
import { requireCount, requireFunction, requireNumber, requireString } from "./arguments";
import type { FinalizerRunner, WeakrefCallback } from "./finalizer-runner";

/**
 * Making new objects, the same for every type: refuse bad arguments, consult the strategy's caches
 * (small ints, interned strings, its own `()`), allocate through the one allocation path, initialise the
 * body with the type's code in `model/`, and hand back a handle that adopts the new reference.
 *
 * Invariant: an object's address is used only between its allocation and the next one. Where a
 * constructor allocates twice (a list and its item array), the handle is made first, so a failure in the
 * second allocation leaves a consistent, empty object held by a scoped handle; items are read from their
 * handles after the last allocation, since a moving collector may have moved them.
 * @example
 * const h = factory.tuple([a, b]); // a 2-tuple, items stored through Strategy.writeRef
 */
export class ObjectFactory {
  /** The runtime's own `()` for strategies without an `emptyTuple` hook (a persistent root). */
  private emptyTupleHandle: Handle = 0;

  constructor(
    private readonly memory: LinearMemory,
    private readonly types: TypeRegistry,
    private readonly model: ObjectModel,
    private readonly handles: HandleTable,
    private readonly strategy: Strategy,
    private readonly store: RefStore,
    private readonly allocation: AllocationPath,
    private readonly finalizers: FinalizerRunner,
  ) {}

  /** `int(v)`: a cached small int under strategies that cache them, else a new int; a bigint is exact. */
  int(v: number | bigint): Handle {
    if (typeof v !== "number" && typeof v !== "bigint") requireNumber("int value", v);
    if (typeof v === "bigint" && Number.isSafeInteger(Number(v))) v = Number(v);
    if (typeof v === "number" && !Number.isSafeInteger(v))
      throw new PyValueError(`int value ${v} is not a safe integer (pass a bigint)`);
    const cached = typeof v === "number" ? (this.strategy.cachedInt?.(v) ?? 0) : 0;
    if (cached !== 0) return this.handles.create(cached, false);
    const obj = this.allocation.alloc(this.types.get(TypeId.int), intBodyBytes(v));
    writeInt(this.memory, obj, v);
    return this.handles.create(obj, true);
  }

  /** `float(v)`. */
  float(v: number): Handle {
    requireNumber("float value", v);
    const obj = this.allocation.alloc(this.types.get(TypeId.float), 16);
    writeFloat(this.memory, obj, v);
    return this.handles.create(obj, true);
  }

  /** A str: the strategy's cached one (a 1-character Latin-1 str under `cpython-3.11`), else a new one. */
  str(s: string): Handle {
    requireString("str value", s);
    const cached = this.strategy.cachedStr?.(s) ?? 0;
    if (cached !== 0) return this.handles.create(cached, false);
    const obj = this.allocation.alloc(this.types.get(TypeId.str), strBodyBytes(s));
    writeStr(this.memory, obj, s);
    return this.handles.create(obj, true);
  }

  /** `sys.intern(s)`: the strategy's interned str, or a new str where the strategy does not intern. */
  intern(s: string): Handle {
    requireString("str value", s);
    const a = this.strategy.internString?.(s) ?? 0;
    return a !== 0 ? this.handles.create(a, false) : this.str(s);
  }

  /** A bytes object of `n` zero bytes, or a copy of `data`. */
  bytes(data: number | Uint8Array): Handle {
    if (!(data instanceof Uint8Array)) requireCount("bytes length", data);
    const d = typeof data === "number" ? new Uint8Array(data) : data;
    const t = this.types.get(TypeId.bytes);
    const obj = this.allocation.alloc(t, this.model.newBodyBytes(t, d.length));
    writeBytes(this.memory, obj, d);
    return this.handles.create(obj, true);
  }

  /** A tuple of `items` (checked by the caller). `()` is one shared object, as in CPython. */
  tuple(items: readonly Handle[]): Handle {
    const t = this.types.get(TypeId.tuple);
    const n = items.length;
    if (n === 0) return this.emptyTuple(t);
    const obj = this.allocation.alloc(t, this.model.newBodyBytes(t, n));
    tupleInitSize(this.memory, obj, n);
    for (let i = 0; i < n; i++)
      this.strategy.writeRef(obj, tupleItemSlot(obj, i), this.handles.get(items[i]!));
    return this.handles.create(obj, true);
  }

  /** The strategy's `()` if it keeps one, else the runtime's own, made on first use and never freed. */
  private emptyTuple(t: TypeInfo): Handle {
    const own = this.strategy.emptyTuple?.() ?? 0;
    if (own !== 0) return this.handles.create(own, false);
    if (this.emptyTupleHandle === 0) {
      const obj = this.allocation.alloc(t, this.model.newBodyBytes(t, 0));
      this.emptyTupleHandle = this.handles.create(obj, true, true);
    }
    return this.handles.create(this.handles.get(this.emptyTupleHandle), false);
  }

  /**
   * A list of `items` (checked by the caller) whose item array is allocated separately, exactly as long
   * as `items` (`PyList_New(n)`); an empty list has no item array.
   */
  list(items: readonly Handle[]): Handle {
    const obj = this.allocation.alloc(this.types.get(TypeId.list), 32);
    const h = this.handles.create(obj, true);
    const n = items.length;
    if (n > 0) {
      listInitItems(this.memory, this.store, obj, n); // auxiliary allocation: `obj` does not move
      for (let i = 0; i < n; i++)
        this.strategy.writeRef(obj, listItemSlot(this.memory, obj, i), this.handles.get(items[i]!));
    }
    return h;
  }

  /** An empty dict: no keys table until the first insert (`PyDict_New`). */
  emptyDict(): Handle {
    return this.handles.create(this.allocation.alloc(this.types.get(TypeId.dict), 40), true);
  }

  /** An empty set, its smalltable in the body. */
  emptySet(): Handle {
    const t = this.types.get(TypeId.set);
    const obj = this.allocation.alloc(t, t.basicSize - 8);
    setInit(this.memory, obj);
    return this.handles.create(obj, true);
  }

  /**
   * An instance of a class registered with this runtime; `values` (checked by the caller) fill a
   * `slots` class's slots in order.
   * @throws PyTypeError for an unregistered type, a built-in type, or more values than slots.
   */
  instance(type: TypeInfo, values: readonly Handle[]): Handle {
    if (type === null || typeof type !== "object" || this.types.find(type.id) !== type)
      throw new PyTypeError("newObject needs a class registered with this runtime's rt.types.register");
    if (type.kind !== "slots" && type.kind !== "instance")
      throw new PyTypeError(`newObject needs a class, not '${type.name}'`);
    if (values.length > type.slots.length) {
      throw new PyTypeError(`'${type.name}' has ${type.slots.length} slots, ${values.length} values given`);
    }
    const obj = this.allocation.alloc(type, this.model.newBodyBytes(type, 0));
    for (let i = 0; i < values.length; i++)
      this.strategy.writeRef(obj, obj + slotOffset(i), this.handles.get(values[i]!));
    return this.handles.create(obj, true);
  }

  /**
   * `weakref.ref(target[, callback])`. Without a callback an existing basic reference is shared, as
   * CPython shares one; a new reference is linked into the target's weak list by `initWeakref`.
   * @throws PyTypeError if the target's type does not accept weak references.
   */
  weakref(target: Handle, callback?: WeakrefCallback): Handle {
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
    const wr = this.allocation.alloc(this.types.get(TypeId.weakref), 56);
    const o = this.handles.get(target); // the allocation may have moved the target
    initWeakref(this.memory, this.store, wr, o, o + tt.weaklistOffset, id);
    return this.handles.create(wr, true);
  }
}
