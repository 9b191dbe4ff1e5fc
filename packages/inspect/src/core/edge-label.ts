import type { Runtime } from "@heaplab/runtime";
import {
  DICT_KEYS,
  DK_ENTRIES,
  dictEntryBytes,
  INSTANCE_DICT,
  INSTANCE_VALUES,
  LIST_ITEMS,
  readFloat,
  readInt,
  readStr,
  SET_SMALLTABLE,
  SET_TABLE,
  TUPLE_ITEMS,
  VALUES_HEADER,
} from "@heaplab/runtime/internals";

/**
 * What a reference is, in the `.heapsnapshot` vocabulary: an `element` (a list, tuple or set position),
 * a `property` (a dict value under its key, an attribute, a slot) or `internal` (a dict key, an
 * instance's materialised `__dict__`).
 */
export interface EdgeLabel {
  readonly kind: "element" | "property" | "internal";
  /** The index for elements; the key, attribute or slot name otherwise. */
  readonly name: string | number;
  /** For a dict value: whether its key is a str (written `['key']`) or another type (written `[3]`). */
  readonly strKey?: boolean;
}

/**
 * Names the reference stored in the word at `slot` of `obj` (a slot `ObjectModel.scan` visited), by
 * decoding the owner's layout: which item, which key, which attribute.
 * @example
 * edgeLabel(rt, dictAddr, valueSlot); // { kind: "property", name: "cache" }
 */
export function edgeLabel(rt: Runtime, obj: number, slot: number): EdgeLabel {
  const t = rt.model.typeOf(obj);
  const u32 = rt.memory.u32;
  switch (t.kind) {
    case "list":
      return { kind: "element", name: (slot - u32[(obj + LIST_ITEMS) >>> 2]!) / 8 };
    case "tuple":
      return { kind: "element", name: (slot - obj - TUPLE_ITEMS) / 8 };
    case "set": {
      const table = u32[(obj + SET_TABLE) >>> 2]! || obj + SET_SMALLTABLE;
      return { kind: "element", name: (slot - table) / 16 };
    }
    case "dict": {
      const keys = u32[(obj + DICT_KEYS) >>> 2]!;
      const entries = keys + DK_ENTRIES(rt.memory, keys);
      const size = dictEntryBytes(rt.memory, keys);
      const keyOff = size === 24 ? 8 : 0;
      const i = Math.floor((slot - entries) / size);
      const keySlot = entries + size * i + keyOff;
      if (slot === keySlot) return { kind: "internal", name: "key" };
      const key = u32[keySlot >>> 2]!;
      const strKey = key !== 0 && rt.model.typeOf(key).kind === "str";
      return { kind: "property", name: describeKey(rt, key), strKey };
    }
    case "slots":
      return { kind: "property", name: t.slots[(slot - obj - 8) / 8] ?? "?" };
    case "instance": {
      if (slot === obj + INSTANCE_DICT) return { kind: "internal", name: "__dict__" };
      const values = u32[(obj + INSTANCE_VALUES) >>> 2]!;
      const i = (slot - values - VALUES_HEADER) / 8;
      return { kind: "property", name: rt.attributeNames(t)[i] ?? `attribute ${i}` };
    }
    default:
      return { kind: "internal", name: "?" };
  }
}

/** A dict key as text: a str as itself, numbers as their value, other keys by type. */
function describeKey(rt: Runtime, key: number): string {
  if (key === 0) return "None";
  const t = rt.model.typeOf(key);
  if (t.kind === "str") return readStr(rt.memory, key);
  if (t.kind === "int") return String(readInt(rt.memory, key));
  if (t.kind === "float") return String(readFloat(rt.memory, key));
  return `<${t.name}>`;
}

/**
 * The label as Python source would write the access: `[3]`, `['cache']`, `.listeners`.
 * @example
 * formatEdge({ kind: "property", name: "cache", strKey: true }, "dict"); // "['cache']"
 * formatEdge({ kind: "property", name: 3, strKey: false }, "dict"); // "[3]"
 */
export function formatEdge(label: EdgeLabel, ownerKind: string): string {
  if (label.kind === "element") return ownerKind === "set" ? "{member}" : `[${label.name}]`;
  if (label.kind === "internal") return label.name === "key" ? "(key)" : `.${label.name}`;
  if (ownerKind === "dict") return label.strKey === false ? `[${label.name}]` : `['${label.name}']`;
  return `.${label.name}`;
}
