import { PyTypeError } from "../errors";
import {
  type Finalizer,
  INSTANCE_WEAKLIST,
  SET_WEAKLIST,
  slotOffset,
  type TypeInfo,
  type TypeKind,
} from "./type-info";

/**
 * What `register` needs to define a new type.
 * @example
 * const Node = rt.types.register({ name: "Node", kind: "slots", slots: ["next"], weakrefable: true });
 */
export interface TypeSpec {
  name: string;
  kind: "slots" | "instance";
  /** For `slots`: the reference slot names (`__slots__` without `__weakref__`). Sorted as CPython sorts them. */
  slots?: readonly string[];
  /** Adds a `__weakref__` slot. Default true for `instance`, false for `slots`. */
  weakrefable?: boolean;
  /** `__del__`. */
  finalizer?: Finalizer | null;
  /** For `slots`: CPython's `tp_basicsize` when the C struct holds more than the reference slots (a function, a type); at least the slots' size. */
  basicSize?: number;
}

/**
 * Type ids of the built-in types; the registry always starts with these, in this order.
 * @example
 * rt.typeOf(rt.newList()).id === TypeId.list; // true
 */
export const TypeId = {
  int: 1,
  float: 2,
  str: 3,
  bytes: 4,
  tuple: 5,
  list: 6,
  dict: 7,
  set: 8,
  weakref: 9,
} as const;

/**
 * The table of type descriptors. Ids are small integers stored in each object's type word.
 *
 * @example
 * const Node = rt.types.register({ name: "Node", kind: "slots", slots: ["a", "b", "c", "d"], weakrefable: true });
 * rt.types.get(Node.id).name; // "Node"
 */
export class TypeRegistry {
  private readonly table: (TypeInfo | undefined)[] = [undefined];
  private readonly listeners: ((t: TypeInfo) => void)[] = [];

  constructor() {
    this.builtin("int", "int", 24, 4, false);
    this.builtin("float", "float", 24, 0, false);
    this.builtin("str", "str", 48, 1, false);
    this.builtin("bytes", "bytes", 33, 1, false);
    this.builtin("tuple", "tuple", 24, 8, true);
    this.builtin("list", "list", 40, 0, true);
    this.builtin("dict", "dict", 48, 0, true);
    this.builtin("set", "set", 200, 0, true, SET_WEAKLIST);
    this.builtin("weakref", "weakref", 64, 0, true);
  }

  /** Number of registered types (ids are `1 .. size - 1`). */
  get size(): number {
    return this.table.length;
  }

  /**
   * The descriptor for `id`.
   * @throws PyTypeError for an unknown id (a corrupted type word).
   */
  get(id: number): TypeInfo {
    const t = this.table[id];
    if (t === undefined) throw new PyTypeError(`unknown type id ${id}`);
    return t;
  }

  /** The descriptor for `id`, or undefined. */
  find(id: number): TypeInfo | undefined {
    return this.table[id];
  }

  /**
   * Calls `listener` with every type registered from now on (a strategy fills its per-type tables
   * then, once, instead of on first sight in a hot loop).
   * @example
   * rt.types.onRegister((t) => table.fill(t));
   */
  onRegister(listener: (t: TypeInfo) => void): void {
    this.listeners.push(listener);
  }

  /** The first type with this name, or undefined. */
  byName(name: string): TypeInfo | undefined {
    return this.table.find((t) => t?.name === name);
  }

  /**
   * Registers a Python class. `slots` classes get CPython's `__slots__` layout (16 + 8 per slot, plus
   * `__weakref__` if weak-referenceable); `instance` classes get 3.11's managed-dict layout (basic size
   * 24 with `__weakref__`, plus the 16-byte pre-header).
   */
  register(spec: TypeSpec): TypeInfo {
    if (spec.kind === "slots") {
      const slots = [...(spec.slots ?? [])].sort();
      const weak = spec.weakrefable ?? false;
      const n = slots.length + (weak ? 1 : 0);
      return this.add({
        name: spec.name,
        kind: "slots",
        basicSize: Math.max(16 + 8 * n, spec.basicSize ?? 0),
        itemSize: 0,
        gc: true,
        managedDict: false,
        slots,
        weakrefable: weak,
        weaklistOffset: weak ? slotOffset(slots.length) : -1,
        finalizer: spec.finalizer ?? null,
      });
    }
    const weak = spec.weakrefable ?? true;
    return this.add({
      name: spec.name,
      kind: "instance",
      basicSize: weak ? 24 : 16,
      itemSize: 0,
      gc: true,
      managedDict: true,
      slots: [],
      weakrefable: weak,
      weaklistOffset: weak ? INSTANCE_WEAKLIST : -1,
      finalizer: spec.finalizer ?? null,
    });
  }

  private builtin(
    name: string,
    kind: TypeKind,
    basicSize: number,
    itemSize: number,
    gc: boolean,
    weaklist = -1,
  ) {
    this.add({
      name,
      kind,
      basicSize,
      itemSize,
      gc,
      managedDict: false,
      slots: [],
      weakrefable: weaklist >= 0,
      weaklistOffset: weaklist,
      finalizer: null,
    });
  }

  private add(t: Omit<TypeInfo, "id">): TypeInfo {
    const info: TypeInfo = Object.freeze({ ...t, id: this.table.length });
    this.table.push(info);
    for (const listener of this.listeners) listener(info);
    return info;
  }
}
