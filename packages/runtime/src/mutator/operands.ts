import { PyAttributeError, PyIndexError, PyTypeError } from "../errors";
import type { LinearMemory } from "../memory/linear-memory";
import { listItemSlot } from "../model/list-object";
import type { ObjectModel } from "../model/object-model";
import { tupleItemSlot } from "../model/tuple-object";
import { OB_SIZE, type TypeInfo } from "../model/type-info";
import type { Handle } from "../roots/handle";
import type { HandleTable } from "../roots/handle-table";
import type { Strategy } from "../strategy/strategy";
import { requireArray, requireIndex } from "./arguments";
import { checkKey } from "./dict-keys";

/**
 * The runtime's operands: a handle argument turned into the address of an object of the kind the
 * operation needs, an index into a position, a name into a slot — or a refusal with the error Python
 * raises (`TypeError`, `IndexError`, `AttributeError`). Every check here reads and never writes, and the
 * runtime makes them before it changes anything, so a refused call leaves the heap as it was.
 *
 * Addresses returned are valid until the next allocation (a moving collector may move the object).
 * @example
 * const o = operands.expect(list, "list"); // throws PyTypeError("expected list, got 'dict'")
 */
export class Operands {
  constructor(
    private readonly memory: LinearMemory,
    private readonly model: ObjectModel,
    private readonly handles: HandleTable,
  ) {}

  /** Throws for `hs` not being an array, and for the first stale handle in it. */
  requireHandles(what: string, hs: readonly Handle[]): void {
    requireArray(what, hs);
    for (let i = 0; i < hs.length; i++) this.handles.index(hs[i]!);
  }

  /** Throws for entries that are not `[key, value]` pairs of valid handles with keys a dict may hold. */
  requireEntries(entries: readonly (readonly [Handle, Handle])[], strategy: Strategy): void {
    requireArray("dict entries", entries);
    for (const e of entries) {
      if (!Array.isArray(e) || e.length !== 2)
        throw new PyTypeError("dict entries must be [key, value] pairs of handles");
      checkKey(this.model, strategy, this.handles.get(e[0]), "dicts");
      this.handles.index(e[1]);
    }
  }

  /** Throws for a stale handle among `items` or an item a set cannot hold. */
  requireSetItems(items: readonly Handle[], strategy: Strategy): void {
    this.requireHandles("set items", items);
    for (const it of items) checkKey(this.model, strategy, this.handles.get(it), "sets");
  }

  /** The type of the object at `o`, or undefined for None. */
  typeAt(o: number): TypeInfo | undefined {
    return o === 0 ? undefined : this.model.typeOf(o);
  }

  /** The address of `h`'s object. @throws PyTypeError unless it is of `kind`. */
  expect(h: Handle, kind: TypeInfo["kind"]): number {
    const o = this.handles.get(h);
    const t = this.typeAt(o);
    if (t?.kind !== kind) throw new PyTypeError(`expected ${kind}, got '${t?.name ?? "NoneType"}'`);
    return o;
  }

  /**
   * The address of item `index` of list or tuple `seq` (`seq[i]`; negative indexes count from the end).
   * @throws PyTypeError for another type or a non-integer index, PyIndexError out of range.
   */
  itemSlot(seq: Handle, index: number): number {
    const o = this.handles.get(seq);
    const t = this.typeAt(o);
    if (t?.kind !== "list" && t?.kind !== "tuple")
      throw new PyTypeError(`'${t?.name ?? "NoneType"}' object is not subscriptable`);
    return this.slotAt(o, t, index);
  }

  /** The address of item `index` of list `list` (`lst[i] = v`: tuples are immutable and refused). */
  listItemSlot(list: Handle, index: number): number {
    const o = this.expect(list, "list");
    return this.slotAt(o, this.model.typeOf(o), index);
  }

  /** Item `index` of list or tuple `o` of type `t`, range-checked against `ob_size`. */
  private slotAt(o: number, t: TypeInfo, index: number): number {
    requireIndex(`${t.name} index`, index);
    const n = this.memory.u32[(o + OB_SIZE) >>> 2]!;
    const i = index < 0 ? index + n : index;
    if (i < 0 || i >= n) throw new PyIndexError(`${t.name} index ${index} out of range (len ${n})`);
    return t.kind === "tuple" ? tupleItemSlot(o, i) : listItemSlot(this.memory, o, i);
  }

  /**
   * `index` of list `o` as a position `0 <= i < len` (negative counts from the end).
   * @throws PyIndexError with `outOfRange`, CPython's message for the operation.
   */
  listPosition(o: number, index: number, outOfRange: string): number {
    requireIndex("list index", index);
    const n = this.memory.u32[(o + OB_SIZE) >>> 2]!;
    const i = index < 0 ? index + n : index;
    if (i < 0 || i >= n) throw new PyIndexError(outOfRange);
    return i;
  }

  /** The address of `slots` instance `obj`, after checking it has slot `i`. */
  slotOwner(obj: Handle, i: number): number {
    const o = this.handles.get(obj);
    const t = this.typeAt(o);
    if (t?.kind !== "slots") throw new PyTypeError(`'${t?.name ?? "NoneType"}' object has no slots`);
    requireIndex("slot number", i);
    if (i < 0 || i >= t.slots.length) {
      throw new PyIndexError(`'${t.name}' has ${t.slots.length} slots; slot ${i} does not exist`);
    }
    return o;
  }

  /** The number of the `__slots__` member `name` of class `t`. @throws PyAttributeError */
  slotNamed(t: TypeInfo, name: string): number {
    const i = t.slots.indexOf(name);
    if (i < 0) throw new PyAttributeError(`'${t.name}' object has no attribute '${name}'`);
    return i;
  }
}
