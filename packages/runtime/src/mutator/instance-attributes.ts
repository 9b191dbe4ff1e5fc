import { PyAttributeError } from "../errors";
import type { LinearMemory } from "../memory/linear-memory";
import { AttributeNames, instanceSetValue, instanceValue } from "../model/instance-object";
import type { RefStore } from "../model/ref-store";
import { slotOffset, type TypeInfo } from "../model/type-info";
import type { Operands } from "./operands";

/**
 * Attribute access by name (`getattr`, `setattr`) on the two kinds of class instance: a `slots` class
 * finds the name among its `__slots__` members (fixed words in the body); an `instance` class keeps one
 * table of names per class (`AttributeNames`, the shared keys of CPython 3.11's split dicts) and each
 * instance a values array in auxiliary storage, word `i` for name `i`. The table is per runtime: it
 * lives outside the heap, as the class's keys object does in CPython's type.
 * @example
 * attrs.set(obj, "cache", dictAddr); attrs.get(obj, "cache") === dictAddr; // true
 */
export class InstanceAttributes {
  private readonly names = new AttributeNames();

  constructor(
    private readonly memory: LinearMemory,
    private readonly store: RefStore,
    private readonly operands: Operands,
  ) {}

  /** The attribute names of `instance` class `type`, in values-array order; empty for other types. */
  namesOf(type: TypeInfo): readonly string[] {
    return this.names.of(type.id);
  }

  /**
   * `getattr(o, name)`: the address the attribute holds (0 for an unset slot, which reads as None).
   * @throws PyAttributeError for an unset instance attribute, an unknown slot, or another type.
   */
  get(o: number, name: string): number {
    const t = this.operands.typeAt(o);
    if (t?.kind === "slots")
      return this.memory.u32[(o + slotOffset(this.operands.slotNamed(t, name))) >>> 2]!;
    if (t?.kind === "instance") {
      const v = instanceValue(this.memory, o, this.names.indexOf(t.id, name));
      if (v === 0) throw new PyAttributeError(`'${t.name}' object has no attribute '${name}'`);
      return v;
    }
    throw new PyAttributeError(`'${t?.name ?? "NoneType"}' object has no attribute '${name}'`);
  }

  /**
   * `setattr(o, name, value)` through the strategy's `writeRef`. An instance's values array grows by
   * auxiliary allocation, which never moves `o`.
   * @throws PyAttributeError for an unknown slot, or a type whose attributes are read-only.
   */
  set(o: number, name: string, value: number): void {
    const t = this.operands.typeAt(o);
    if (t?.kind === "slots") {
      this.store.writeRef(o, o + slotOffset(this.operands.slotNamed(t, name)), value);
      return;
    }
    if (t?.kind !== "instance")
      throw new PyAttributeError(`'${t?.name ?? "NoneType"}' object attributes are read-only`);
    const i = this.names.slotFor(t.id, name);
    instanceSetValue(this.memory, this.store, o, i, this.names.of(t.id).length, value);
  }
}
