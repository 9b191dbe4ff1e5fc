import { K_INSTANCE, K_LIST, K_SLOTS, K_TUPLE, type RefcountHeap } from "@heaplab/refcount";
import {
  INSTANCE_DICT,
  INSTANCE_VALUES,
  LIST_ITEMS,
  OB_SIZE,
  TUPLE_ITEMS,
  VALUES_HEADER,
} from "@heaplab/runtime/internals";

/**
 * Where a container's references sit, as a run of 8-byte words: `count` words from `first`, `step`
 * bytes apart (negative for CPython's last-to-first order). Words holding 0 are None and skipped.
 */
export class ReferentSpan {
  first = 0;
  count = 0;
  step = 0;
}

/**
 * The hot steps' fast path around `ObjectModel.scan(op, v, "traverse")`: for a list, tuple, slots
 * instance or plain instance, fills `span` with its references in the same order `tp_traverse` visits
 * them (list and tuple items last to first; slots in member order; the managed dict, or else the inline
 * values in order) and returns true; the hot loop then reads the words itself, with no visitor call per
 * reference. Returns false for dicts, sets and the rest, which take the general scan.
 *
 * @example
 * if (referentSpan(heap, op, span)) for (let i = 0, a = span.first; i < span.count; i++, a += span.step) use(u32[a >>> 2]);
 */
export function referentSpan(heap: RefcountHeap, op: number, span: ReferentSpan): boolean {
  const u32 = heap.memory.u32;
  switch (heap.kindOf(op)) {
    case K_LIST: {
      const n = u32[(op + OB_SIZE) >>> 2]!;
      span.first = u32[(op + LIST_ITEMS) >>> 2]! + 8 * (n - 1);
      span.count = n;
      span.step = -8;
      return true;
    }
    case K_TUPLE: {
      const n = u32[(op + OB_SIZE) >>> 2]!;
      span.first = op + TUPLE_ITEMS + 8 * (n - 1);
      span.count = n;
      span.step = -8;
      return true;
    }
    case K_SLOTS:
      span.first = op + 8;
      span.count = heap.slotCountOf(op);
      span.step = 8;
      return true;
    case K_INSTANCE: {
      span.step = 8;
      if (u32[(op + INSTANCE_DICT) >>> 2] !== 0) {
        span.first = op + INSTANCE_DICT;
        span.count = 1;
        return true;
      }
      const values = u32[(op + INSTANCE_VALUES) >>> 2]!;
      span.first = values + VALUES_HEADER;
      span.count = values === 0 ? 0 : u32[values >>> 2]!;
      return true;
    }
    default:
      return false;
  }
}
