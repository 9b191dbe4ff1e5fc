import { HeapCorruptionError } from "../errors";
import type { LinearMemory } from "../memory/linear-memory";
import { DK_ENTRIES, DK_NENTRIES, dictEntryBytes, dictKeysBytes } from "./dict-table";
import { VALUES_HEADER, valuesCapacity } from "./instance-values";
import {
  DICT_KEYS,
  INSTANCE_DICT,
  INSTANCE_VALUES,
  INT_DIGITS,
  LIST_ALLOCATED,
  LIST_ITEMS,
  OB_SIZE,
  SET_MASK,
  SET_SMALLTABLE,
  SET_TABLE,
  slotOffset,
  TUPLE_ITEMS,
  type TypeInfo,
  WR_NEXT,
  WR_OBJECT,
  WR_PREV,
} from "./type-info";
import type { TypeRegistry } from "./type-registry";
import { strBodyBytesAt } from "./value-codec";

/**
 * Receives the address of a word that holds a reference. It may read or rewrite the word.
 * @example
 * let refs = 0;
 * rt.model.scan(rt.addressOf(list), { visit: (slot) => refs++ }, "traverse");
 */
export interface SlotVisitor {
  visit(slot: number): void;
}

/**
 * Which references to visit, in which order. `traverse` is CPython's `tp_traverse`: what the cycle
 * collector and `gc.get_referents` see — it skips the str keys of unicode dicts, which can never be part
 * of a cycle. `dealloc` is every reference the object owns, in the order `tp_dealloc` drops them: use it
 * for tracing, reference counting and verification.
 * @example
 * rt.model.scan(addr, visitor, "traverse"); // tp_traverse order; "dealloc" for tp_dealloc order
 */
export type ScanOrder = "traverse" | "dealloc";

/** The set's dummy key marker (a deleted entry): never a valid address, since objects are 8-aligned. */
export const SET_DUMMY = 1;

/**
 * The object model every strategy shares: an object's type, its size, and the one traversal of its
 * references. Works on addresses and typed arrays only.
 *
 * @example
 * const n = model.bodyBytes(obj);
 * model.scan(obj, { visit(slot) { console.log(mem.u32[slot >>> 2]); } }, "traverse");
 */
export class ObjectModel {
  /**
   * Per type id: the offset of the word holding an object's auxiliary storage address (list items, dict
   * keys, set table, instance values), 0 for types without any. Filled as types are registered, because
   * every collector asks `auxAddress` of every dead object it reclaims: one array read there instead of
   * a descriptor lookup and a switch on the kind.
   */
  private readonly auxOffsets: number[] = [];

  constructor(
    readonly memory: LinearMemory,
    readonly types: TypeRegistry,
  ) {
    for (let id = 0; id < types.size; id++) {
      const t = types.find(id);
      if (t !== undefined) this.noteAuxOffset(t);
    }
    types.onRegister((t) => this.noteAuxOffset(t));
  }

  /** Records where type `t` keeps its auxiliary storage address (invariant: one entry per registered id). */
  private noteAuxOffset(t: TypeInfo): void {
    this.auxOffsets[t.id] =
      t.kind === "list"
        ? LIST_ITEMS
        : t.kind === "dict"
          ? DICT_KEYS
          : t.kind === "set"
            ? SET_TABLE
            : t.kind === "instance"
              ? INSTANCE_VALUES
              : 0;
  }

  /** The type id in `obj`'s type word. */
  typeId(obj: number): number {
    return this.memory.u32[obj >>> 2]!;
  }

  /** The type descriptor of `obj`. */
  typeOf(obj: number): TypeInfo {
    const id = this.memory.u32[obj >>> 2]!;
    const t = this.types.find(id);
    if (t === undefined) throw new HeapCorruptionError(`type word holds unknown type id ${id}`, obj);
    return t;
  }

  /** Reads the reference in the word at `slot`. */
  load(slot: number): number {
    return this.memory.u32[slot >>> 2]!;
  }

  /**
   * The exact body size of `obj` in bytes: what CPython's allocation size is, minus the refcount word.
   * Strategies round it up to their own alignment.
   */
  bodyBytes(obj: number): number {
    const t = this.typeOf(obj);
    return this.bodyBytesOf(t, obj);
  }

  /** `bodyBytes` when the type is already known. */
  bodyBytesOf(t: TypeInfo, obj: number): number {
    const m = this.memory;
    switch (t.kind) {
      case "int":
        return INT_DIGITS + 4 * Math.max(1, Math.abs(m.i32[(obj + OB_SIZE) >>> 2]!));
      case "str":
        return strBodyBytesAt(m, obj);
      case "bytes":
        return t.basicSize - 8 + m.u32[(obj + OB_SIZE) >>> 2]!;
      case "tuple":
        return TUPLE_ITEMS + 8 * m.u32[(obj + OB_SIZE) >>> 2]!;
      case "instance":
        return t.basicSize - 8 + 16;
      default:
        return t.basicSize - 8;
    }
  }

  /** Body bytes for a new object of type `t` with `n` items (tuple items, bytes length). */
  newBodyBytes(t: TypeInfo, n: number): number {
    if (t.kind === "instance") return t.basicSize - 8 + 16;
    return t.basicSize - 8 + t.itemSize * n;
  }

  /**
   * Visits every strong reference slot of `obj` (slots holding 0 are skipped).
   * Weak-reference fields and weak-list links are not strong references; see `scanWeak`.
   */
  scan(obj: number, v: SlotVisitor, order: ScanOrder): void {
    const t = this.typeOf(obj);
    const m = this.memory;
    const u32 = m.u32;
    switch (t.kind) {
      case "tuple": {
        // tupletraverse and tupledealloc both walk from the last item to the first.
        const n = u32[(obj + OB_SIZE) >>> 2]!;
        for (let i = n - 1; i >= 0; i--) {
          const s = obj + TUPLE_ITEMS + 8 * i;
          if (u32[s >>> 2] !== 0) v.visit(s);
        }
        return;
      }
      case "list": {
        // list_traverse and list_dealloc both walk from the last item to the first.
        const n = u32[(obj + OB_SIZE) >>> 2]!;
        const items = u32[(obj + LIST_ITEMS) >>> 2]!;
        for (let i = n - 1; i >= 0; i--) {
          const s = items + 8 * i;
          if (u32[s >>> 2] !== 0) v.visit(s);
        }
        return;
      }
      case "dict":
        this.scanDictKeys(u32[(obj + DICT_KEYS) >>> 2]!, v, order);
        return;
      case "set": {
        const mask = u32[(obj + SET_MASK) >>> 2]!;
        const table = u32[(obj + SET_TABLE) >>> 2]! || obj + SET_SMALLTABLE;
        for (let i = 0; i <= mask; i++) {
          const s = table + 16 * i;
          const k = u32[s >>> 2]!;
          if (k !== 0 && k !== SET_DUMMY) v.visit(s);
        }
        return;
      }
      case "slots": {
        // subtype_traverse visits the __slots__ members in order; clear_slots drops them in the same order.
        const n = t.slots.length;
        for (let i = 0; i < n; i++) {
          const s = obj + slotOffset(i);
          if (u32[s >>> 2] !== 0) v.visit(s);
        }
        return;
      }
      case "instance": {
        const dict = obj + INSTANCE_DICT;
        if (u32[dict >>> 2] !== 0) {
          v.visit(dict);
          return;
        }
        const values = u32[(obj + INSTANCE_VALUES) >>> 2]!;
        if (values === 0) return;
        const cap = valuesCapacity(m, values);
        for (let i = 0; i < cap; i++) {
          const s = values + VALUES_HEADER + 8 * i;
          if (u32[s >>> 2] !== 0) v.visit(s);
        }
        return;
      }
      default:
        // int, float, str, bytes hold no references; a weak reference's referent is weak (its
        // callback lives outside the heap).
        return;
    }
  }

  private scanDictKeys(keys: number, v: SlotVisitor, order: ScanOrder): void {
    if (keys === 0) return;
    const u32 = this.memory.u32;
    const n = u32[(keys + DK_NENTRIES) >>> 2]!;
    const entries = keys + DK_ENTRIES(this.memory, keys);
    const size = dictEntryBytes(this.memory, keys);
    const keyOff = size === 24 ? 8 : 0;
    for (let i = 0; i < n; i++) {
      const e = entries + size * i;
      const k = e + keyOff;
      const val = k + 8;
      if (u32[k >>> 2] === 0) continue; // a deleted entry (None is never a key; a None value is 0)
      const hasValue = u32[val >>> 2] !== 0;
      if (order === "traverse") {
        // dict_traverse: the value, then (for non-str keys) the key.
        if (hasValue) v.visit(val);
        if (size === 24) v.visit(k);
      } else {
        // free_keys_object: the key, then the value.
        v.visit(k);
        if (hasValue) v.visit(val);
      }
    }
  }

  /**
   * Visits the weak slots of `obj`: a weak reference's referent and list links, and an object's
   * weak-list head. Moving collectors rewrite these; nobody counts them as references.
   */
  scanWeak(obj: number, v: SlotVisitor): void {
    const t = this.typeOf(obj);
    const u32 = this.memory.u32;
    if (t.kind === "weakref") {
      if (u32[(obj + WR_OBJECT) >>> 2] !== 0) v.visit(obj + WR_OBJECT);
      if (u32[(obj + WR_PREV) >>> 2] !== 0) v.visit(obj + WR_PREV);
      if (u32[(obj + WR_NEXT) >>> 2] !== 0) v.visit(obj + WR_NEXT);
    }
    if (t.weaklistOffset >= 0 && u32[(obj + t.weaklistOffset) >>> 2] !== 0) v.visit(obj + t.weaklistOffset);
  }

  /** The address of `obj`'s auxiliary storage (item array, keys table, values array), or 0. */
  auxAddress(obj: number): number {
    const u32 = this.memory.u32;
    const offset = this.auxOffsets[u32[obj >>> 2]!];
    // An unregistered type id is a corrupted type word: typeOf reports it.
    if (offset === undefined) this.typeOf(obj);
    return offset === 0 || offset === undefined ? 0 : u32[(obj + offset) >>> 2]!;
  }

  /** Bytes of `obj`'s auxiliary storage, or 0. */
  auxBytes(obj: number): number {
    const t = this.typeOf(obj);
    const m = this.memory;
    const u32 = m.u32;
    switch (t.kind) {
      case "list":
        return 8 * u32[(obj + LIST_ALLOCATED) >>> 2]!;
      case "dict": {
        const keys = u32[(obj + DICT_KEYS) >>> 2]!;
        return keys === 0 ? 0 : dictKeysBytes(m, keys);
      }
      case "set": {
        const table = u32[(obj + SET_TABLE) >>> 2]!;
        return table === 0 ? 0 : 16 * (u32[(obj + SET_MASK) >>> 2]! + 1);
      }
      case "instance": {
        const values = u32[(obj + INSTANCE_VALUES) >>> 2]!;
        return values === 0 ? 0 : VALUES_HEADER + 8 * valuesCapacity(m, values);
      }
      default:
        return 0;
    }
  }

  /**
   * Rewrites the auxiliary-storage pointer of `obj` (a moving collector that moved it), at the offset
   * `noteAuxOffset` recorded for its type.
   * @throws HeapCorruptionError for a type that keeps no auxiliary storage (or an unknown type word): the caller
   * read an address from `auxAddress` first, so such a call is a corrupted heap.
   */
  setAuxAddress(obj: number, addr: number): void {
    const t = this.typeOf(obj);
    const off = this.auxOffsets[t.id]!;
    if (off === 0)
      throw new HeapCorruptionError(`setAuxAddress on a '${t.name}', which keeps no auxiliary storage`, obj);
    this.memory.u32[(obj + off) >>> 2] = addr;
  }
}
