import {
  clearWeakref,
  DICT_KEYS,
  dictKeysBytes,
  INSTANCE_DICT,
  INSTANCE_VALUES,
  LIST_ALLOCATED,
  LIST_ITEMS,
  OB_SIZE,
  SET_MASK,
  SET_TABLE,
  SET_WEAKLIST,
  slotOffset,
  TUPLE_ITEMS,
  VALUES_HEADER,
  valuesCapacity,
} from "@heaplab/runtime/internals";
import { clearWeakRefs, clearWeakRefsSilently } from "./clear-weakrefs";
import { REFCNT } from "./header";
import {
  K_BYTES,
  K_DICT,
  K_FLOAT,
  K_INSTANCE,
  K_INT,
  K_LIST,
  K_SET,
  K_SLOTS,
  K_STR,
  K_TUPLE,
  K_WEAKREF,
} from "./kinds";
import type { RefcountHeap } from "./refcount-heap";

/**
 * `_Py_Dealloc`: calls the type's `tp_dealloc` for an object whose refcount reached zero. Each
 * deallocator below follows its CPython 3.11 counterpart step by step; containers untrack first and
 * use the trashcan, so the JavaScript stack holds at most 50 nested container deallocations.
 */
export function dealloc(h: RefcountHeap, obj: number): void {
  switch (h.kindOf(obj)) {
    case K_STR:
      // unicode_dealloc: a mortal interned string leaves the interned table first.
      if (h.interned.size !== 0) h.interned.remove(obj);
      h.freeObject(obj);
      return;
    case K_INT:
    case K_BYTES:
      h.freeObject(obj);
      return;
    case K_FLOAT:
      // float_dealloc: exact floats go to the float free list (100).
      if (!h.pushFree(obj, "float", 0)) h.freeObject(obj);
      return;
    case K_TUPLE:
      tupleDealloc(h, obj);
      return;
    case K_LIST:
      listDealloc(h, obj);
      return;
    case K_DICT:
      dictDealloc(h, obj);
      return;
    case K_SET:
      setDealloc(h, obj);
      return;
    case K_WEAKREF:
      weakrefDealloc(h, obj);
      return;
    case K_SLOTS:
      subtypeDealloc(h, obj, K_SLOTS);
      return;
    case K_INSTANCE:
      subtypeDealloc(h, obj, K_INSTANCE);
      return;
    default:
      h.freeObject(obj);
  }
}

/** `tupledealloc`: untrack, trashcan, items last to first, then the free list (1..20 items) or free. */
function tupleDealloc(h: RefcountHeap, obj: number): void {
  h.hooks.untrack(obj);
  if (h.trash.begin(obj)) return;
  const n = h.memory.u32[(obj + OB_SIZE) >>> 2]!;
  for (let i = n - 1; i >= 0; i--) {
    const v = h.memory.u32[(obj + TUPLE_ITEMS + 8 * i) >>> 2]!;
    if (v !== 0) h.decref(v);
  }
  if (!h.pushFree(obj, "tuple", n)) h.freeObject(obj);
  h.trash.end();
}

/** `list_dealloc`: untrack, trashcan, items last to first, free the item array, free list (80) or free. */
function listDealloc(h: RefcountHeap, obj: number): void {
  h.hooks.untrack(obj);
  if (h.trash.begin(obj)) return;
  const items = h.memory.u32[(obj + LIST_ITEMS) >>> 2]!;
  if (items !== 0) {
    const n = h.memory.u32[(obj + OB_SIZE) >>> 2]!;
    for (let i = n - 1; i >= 0; i--) {
      const v = h.memory.u32[(items + 8 * i) >>> 2]!;
      if (v !== 0) h.decref(v);
    }
    h.freeAux(items, 8 * h.memory.u32[(obj + LIST_ALLOCATED) >>> 2]!);
  }
  if (!h.pushFree(obj, "list", 0)) h.freeObject(obj);
  h.trash.end();
}

/** `dict_dealloc`: untrack, trashcan, `free_keys_object` (each key then its value, in order), free list (80) or free. */
function dictDealloc(h: RefcountHeap, obj: number): void {
  h.hooks.untrack(obj);
  if (h.trash.begin(obj)) return;
  const keys = h.memory.u32[(obj + DICT_KEYS) >>> 2]!;
  if (keys !== 0) {
    h.dropTaken(h.takeRefs(obj));
    h.freeAux(keys, dictKeysBytes(h.memory, keys));
  }
  if (!h.pushFree(obj, "dict", 0)) h.freeObject(obj);
  h.trash.end();
}

/** `set_dealloc`: untrack, trashcan, weak references cleared (callbacks run), keys in table order, free. */
function setDealloc(h: RefcountHeap, obj: number): void {
  h.hooks.untrack(obj);
  if (h.trash.begin(obj)) return;
  if (h.memory.u32[(obj + SET_WEAKLIST) >>> 2] !== 0) clearWeakRefs(h, obj);
  const table = h.memory.u32[(obj + SET_TABLE) >>> 2]!;
  const mask = h.memory.u32[(obj + SET_MASK) >>> 2]!;
  h.dropTaken(h.takeRefs(obj));
  if (table !== 0) h.freeAux(table, 16 * (mask + 1));
  h.freeObject(obj);
  h.trash.end();
}

/** `weakref_dealloc`: untrack, `clear_weakref` (unlink from the referent's list, drop the callback), free. */
function weakrefDealloc(h: RefcountHeap, obj: number): void {
  h.hooks.untrack(obj);
  clearWeakref(h.model, obj, true);
  h.freeObject(obj);
}

/**
 * `subtype_dealloc` for instances of Python classes (`slots` and `instance` kinds):
 * 1. untrack, trashcan;
 * 2. with `__del__`: re-track, `PyObject_CallFinalizerFromDealloc` (once per object; a resurrected
 *    object keeps its count and stays tracked, and deallocation stops), untrack;
 * 3. `PyObject_ClearWeakRefs`: callbacks run now, after `__del__`;
 * 4. with `__del__`: weak references made during it are cleared without callbacks;
 * 5. `clear_slots` in member order (each slot emptied before its reference is dropped);
 * 6. the managed dict, or the inline values in order;
 * 7. `PyObject_GC_Del`.
 */
function subtypeDealloc(h: RefcountHeap, obj: number, kind: number): void {
  // the type's facts from the per-type tables (the type word stays intact until the block is freed)
  const finalizer = h.hasFinalizer(obj);
  const weaklistOffset = h.weaklistOffsetOf(obj);
  h.hooks.untrack(obj);
  if (h.trash.begin(obj)) return;
  if (finalizer) {
    h.hooks.track(obj);
    if (callFinalizerFromDealloc(h, obj)) {
      h.trash.end();
      return;
    }
    h.hooks.untrack(obj);
  }
  if (weaklistOffset >= 0) {
    clearWeakRefs(h, obj);
    if (finalizer) clearWeakRefsSilently(h, obj);
  }
  if (kind === K_SLOTS) {
    const n = h.slotCountOf(obj);
    for (let i = 0; i < n; i++) {
      const s = obj + slotOffset(i);
      const v = h.memory.u32[s >>> 2]!;
      if (v !== 0) {
        h.memory.u32[s >>> 2] = 0;
        h.decref(v);
      }
    }
  } else {
    const dict = h.memory.u32[(obj + INSTANCE_DICT) >>> 2]!;
    if (dict !== 0) {
      h.memory.u32[(obj + INSTANCE_DICT) >>> 2] = 0;
      h.decref(dict);
    } else {
      const values = h.memory.u32[(obj + INSTANCE_VALUES) >>> 2]!;
      if (values !== 0) {
        const cap = valuesCapacity(h.memory, values);
        for (let i = 0; i < cap; i++) {
          const v = h.memory.u32[(values + VALUES_HEADER + 8 * i) >>> 2]!;
          if (v !== 0) h.decref(v);
        }
        h.memory.u32[(obj + INSTANCE_VALUES) >>> 2] = 0;
        h.freeAux(values, VALUES_HEADER + 8 * cap);
      }
    }
  }
  h.freeObject(obj);
  h.trash.end();
}

/**
 * `PyObject_CallFinalizerFromDealloc`: the refcount is set to 1 for the call; `__del__` runs only if
 * the FINALIZED bit is clear, and sets it. Dropping the temporary reference without `Py_DECREF`, a
 * count above zero means the finalizer resurrected the object.
 * @returns true if the object was resurrected.
 */
export function callFinalizerFromDealloc(h: RefcountHeap, obj: number): boolean {
  h.setRefcnt(obj, 1);
  if (!h.isFinalized(obj)) {
    h.heap.runFinalizer(obj, 0);
    h.setFinalized(obj);
  }
  const n = h.memory.u32[(obj + REFCNT) >>> 2]! - 1;
  h.setRefcnt(obj, n);
  return n > 0;
}
