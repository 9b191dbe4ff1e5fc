import {
  clearWeakref,
  DICT_KEYS,
  DICT_USED,
  dictKeysBytes,
  INSTANCE_DICT,
  INSTANCE_VALUES,
  LIST_ALLOCATED,
  LIST_ITEMS,
  OB_SIZE,
  SET_FILL,
  SET_MASK,
  SET_SMALLTABLE,
  SET_TABLE,
  slotOffset,
  VALUES_HEADER,
  valuesCapacity,
} from "@heaplab/runtime";
import { K_DICT, K_INSTANCE, K_LIST, K_SET, K_SLOTS, K_WEAKREF } from "./kinds";
import type { RefcountHeap } from "./refcount-heap";

/**
 * `tp_clear`, which the cycle collector's `delete_garbage` calls to break cycles. Each empties the
 * object before it drops any reference, so the drops cannot see a half-cleared container.
 * Tuples, ints, floats, strs and bytes have no `tp_clear`.
 * @returns false if the type has no `tp_clear`.
 */
export function tpClear(h: RefcountHeap, obj: number): boolean {
  switch (h.kindOf(obj)) {
    case K_LIST:
      listClear(h, obj);
      return true;
    case K_DICT:
      dictClear(h, obj);
      return true;
    case K_SET:
      setClear(h, obj);
      return true;
    case K_SLOTS:
    case K_INSTANCE:
      subtypeClear(h, obj);
      return true;
    case K_WEAKREF:
      // gc_clear: clear_weakref, dropping the callback.
      clearWeakref(h.model, obj, true);
      return true;
    default:
      return false;
  }
}

/** `_list_clear`: the list is made empty first, then its items dropped last to first, then the array freed. */
function listClear(h: RefcountHeap, obj: number): void {
  const u32 = h.memory.u32;
  const items = u32[(obj + LIST_ITEMS) >>> 2]!;
  if (items === 0) return;
  const n = u32[(obj + OB_SIZE) >>> 2]!;
  const allocated = u32[(obj + LIST_ALLOCATED) >>> 2]!;
  u32[(obj + OB_SIZE) >>> 2] = 0;
  u32[(obj + LIST_ITEMS) >>> 2] = 0;
  u32[(obj + LIST_ALLOCATED) >>> 2] = 0;
  for (let i = n - 1; i >= 0; i--) {
    const v = h.memory.u32[(items + 8 * i) >>> 2]!;
    if (v !== 0) h.decref(v);
  }
  h.freeAux(items, 8 * allocated);
}

/** `PyDict_Clear`: the dict gets the empty keys first, then the old table drops each key and value in order. */
function dictClear(h: RefcountHeap, obj: number): void {
  const keys = h.memory.u32[(obj + DICT_KEYS) >>> 2]!;
  if (keys === 0) return;
  const base = h.takeRefs(obj);
  h.memory.u32[(obj + DICT_KEYS) >>> 2] = 0;
  h.memory.u32[(obj + DICT_USED) >>> 2] = 0;
  h.dropTaken(base);
  h.freeAux(keys, dictKeysBytes(h.memory, keys));
}

/** `set_clear_internal`: the set is reset to its empty small table, then the old keys are dropped. */
function setClear(h: RefcountHeap, obj: number): void {
  const table = h.memory.u32[(obj + SET_TABLE) >>> 2]!;
  const mask = h.memory.u32[(obj + SET_MASK) >>> 2]!;
  const base = h.takeRefs(obj);
  h.memory.fill(obj + SET_FILL, SET_SMALLTABLE + 128 - SET_FILL, 0);
  h.memory.u32[(obj + SET_MASK) >>> 2] = 7;
  h.dropTaken(base);
  if (table !== 0) h.freeAux(table, 16 * (mask + 1));
}

/** `subtype_clear`: `clear_slots` in member order, then the instance's attribute values (`Py_CLEAR` each). */
function subtypeClear(h: RefcountHeap, obj: number): void {
  const t = h.model.typeOf(obj);
  if (t.kind === "slots") {
    for (let i = 0; i < t.slots.length; i++) {
      const s = obj + slotOffset(i);
      const v = h.memory.u32[s >>> 2]!;
      if (v !== 0) {
        h.memory.u32[s >>> 2] = 0;
        h.decref(v);
      }
    }
    return;
  }
  const values = h.memory.u32[(obj + INSTANCE_VALUES) >>> 2]!;
  if (values !== 0) {
    const cap = valuesCapacity(h.memory, values);
    for (let i = 0; i < cap; i++) {
      const s = values + VALUES_HEADER + 8 * i;
      const v = h.memory.u32[s >>> 2]!;
      if (v !== 0) {
        h.memory.u32[s >>> 2] = 0;
        h.decref(v);
      }
    }
  }
  const dict = h.memory.u32[(obj + INSTANCE_DICT) >>> 2]!;
  if (dict !== 0) {
    h.memory.u32[(obj + INSTANCE_DICT) >>> 2] = 0;
    h.decref(dict);
  }
}
