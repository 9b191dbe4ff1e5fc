import { clearWeakref, dictClear, listClear, setClear, subtypeClear } from "@heaplab/runtime/internals";
import { K_DICT, K_INSTANCE, K_LIST, K_SET, K_SLOTS, K_WEAKREF } from "./kinds";
import type { RefcountHeap } from "./refcount-heap";

/**
 * `tp_clear`, which the cycle collector's `delete_garbage` calls to break cycles: the same clear
 * functions `list.clear()`, `dict.clear()` and `set.clear()` run (`@heaplab/runtime`'s object model),
 * with this heap as their reference store. Each empties the object before it drops any reference, so
 * the drops cannot see a half-cleared container.
 * Tuples, ints, floats, strs and bytes have no `tp_clear`.
 * @returns false if the type has no `tp_clear`.
 */
export function tpClear(h: RefcountHeap, obj: number): boolean {
  switch (h.kindOf(obj)) {
    case K_LIST:
      listClear(h.memory, h, obj);
      return true;
    case K_DICT:
      dictClear(h.memory, h, obj);
      return true;
    case K_SET:
      setClear(h.memory, h, obj);
      return true;
    case K_SLOTS:
    case K_INSTANCE:
      subtypeClear(h.memory, h, obj, h.model.typeOf(obj));
      return true;
    case K_WEAKREF:
      // gc_clear: clear_weakref, dropping the callback.
      clearWeakref(h.model, obj, true);
      return true;
    default:
      return false;
  }
}
