import type { LinearMemory } from "../memory/linear-memory";
import { VALUES_HEADER, valuesBytes, valuesCapacity } from "./instance-values";
import type { RefStore } from "./ref-store";
import { INSTANCE_DICT, INSTANCE_VALUES, slotOffset, type TypeInfo } from "./type-info";

/**
 * Instances of registered classes, as CPython 3.11 keeps them:
 *
 *   slots class:     +0 type  +8 slot 0  +16 slot 1 …  (`__slots__` members, then `__weakref__`)
 *   instance class:  +0 type  +8 managed __dict__ (0 until materialised)
 *                    +16 values ──► [capacity][value 0][value 1] …  (auxiliary, one word per name)
 *                    +24 __weakref__
 *
 * Attribute `names[i]` of a class lives in word `i` of every instance's values array, as the shared
 * keys of 3.11's split dicts put it; an unset attribute is 0.
 */

/**
 * The attribute names of each instance class, in the order they were first set on any instance (the
 * class's shared keys). One table per runtime.
 * @example
 * const names = new AttributeNames();
 * names.slotFor(t.id, "cache"); // 0
 * names.of(t.id);               // ["cache"]
 */
export class AttributeNames {
  private readonly byType = new Map<number, string[]>();

  /** The names of type `typeId`, in values-array order; empty if none was ever set. */
  of(typeId: number): readonly string[] {
    return this.byType.get(typeId) ?? [];
  }

  /** The values-array index of `name`, or -1. */
  indexOf(typeId: number, name: string): number {
    return this.byType.get(typeId)?.indexOf(name) ?? -1;
  }

  /** The values-array index of `name`, adding it to the type's names if new. */
  slotFor(typeId: number, name: string): number {
    let names = this.byType.get(typeId);
    if (names === undefined) {
      names = [];
      this.byType.set(typeId, names);
    }
    const i = names.indexOf(name);
    return i >= 0 ? i : names.push(name) - 1;
  }
}

/**
 * The value of attribute word `i` of instance `o`, or 0 if unset (or beyond its values array).
 * @example
 * instanceValue(mem, obj, names.indexOf(t.id, "cache")); // 0 if obj.cache is unset
 */
export function instanceValue(mem: LinearMemory, o: number, i: number): number {
  const values = mem.u32[(o + INSTANCE_VALUES) >>> 2]!;
  if (i < 0 || values === 0 || i >= valuesCapacity(mem, values)) return 0;
  return mem.u32[(values + VALUES_HEADER + 8 * i) >>> 2]!;
}

/**
 * Stores `value` in attribute word `i` of instance `o`, first growing its values array (zero-filled)
 * to room for `names` attributes and half as many again (at least 4) if word `i` is beyond it.
 * @example
 * instanceSetValue(mem, store, obj, names.slotFor(t.id, "cache"), names.of(t.id).length, dictAddr);
 */
export function instanceSetValue(
  mem: LinearMemory,
  store: RefStore,
  o: number,
  i: number,
  names: number,
  value: number,
): void {
  const values = mem.u32[(o + INSTANCE_VALUES) >>> 2]!;
  const cap = values === 0 ? 0 : valuesCapacity(mem, values);
  if (i >= cap) {
    const ncap = Math.max(4, names + (names >>> 1));
    const nv = store.reallocAux(values, cap === 0 ? 0 : valuesBytes(cap), valuesBytes(ncap));
    const kept = cap === 0 ? 0 : valuesBytes(cap);
    mem.fill(nv + kept, valuesBytes(ncap) - kept, 0);
    mem.u32[nv >>> 2] = ncap;
    mem.u32[(o + INSTANCE_VALUES) >>> 2] = nv;
  }
  const vals = mem.u32[(o + INSTANCE_VALUES) >>> 2]!;
  store.writeRef(o, vals + VALUES_HEADER + 8 * i, value);
}

/**
 * `subtype_clear`: `clear_slots` stores None in each `__slots__` member in order, then each attribute
 * value and the materialised `__dict__` are cleared (`Py_CLEAR`): every store through the barrier,
 * which drops the old reference right after it is replaced.
 * @example
 * subtypeClear(mem, heap, obj, model.typeOf(obj)); // the cycle collector's tp_clear
 */
export function subtypeClear(mem: LinearMemory, store: RefStore, o: number, t: TypeInfo): void {
  if (t.kind === "slots") {
    for (let i = 0; i < t.slots.length; i++) {
      const s = o + slotOffset(i);
      if (mem.u32[s >>> 2] !== 0) store.writeRef(o, s, 0);
    }
    return;
  }
  const values = mem.u32[(o + INSTANCE_VALUES) >>> 2]!;
  if (values !== 0) {
    const cap = valuesCapacity(mem, values);
    for (let i = 0; i < cap; i++) {
      const s = values + VALUES_HEADER + 8 * i;
      if (mem.u32[s >>> 2] !== 0) store.writeRef(o, s, 0);
    }
  }
  if (mem.u32[(o + INSTANCE_DICT) >>> 2] !== 0) store.writeRef(o, o + INSTANCE_DICT, 0);
}
