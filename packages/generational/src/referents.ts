import {
  K_INSTANCE,
  K_LIST,
  K_SLOTS,
  K_TUPLE,
  TT_KIND,
  TT_SLOTS,
  TT_STRIDE,
} from "@heaplab/refcount/internals";
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
 * The one referent iterator of `subtract_refs` and `move_unreachable`: `tp_traverse` for the containers
 * whose references lie in one run of words. For a list, tuple, slots instance or plain instance it fills
 * `span` with its references in the order `tp_traverse` visits them (list and tuple items last to first,
 * as `list_traverse` and `tupletraverse` loop; slots in member order; the managed dict, or else the
 * inline values in order) and returns the object's kind code; the caller then reads the words itself,
 * with no visitor call per reference. It returns 0 for dicts, sets and the rest, which take
 * `ObjectModel.scan`.
 *
 * `rows` is the heap's type table (`TypeTable.rows`), read once by the caller: no type is registered
 * while a collection's hot loops run.
 *
 * @example
 * if (referentSpan(rows, u32, op, span) !== 0)
 *   for (let n = span.count, a = span.first; n > 0; n--, a += span.step) use(u32[a >>> 2]!);
 */
export function referentSpan(rows: Int32Array, u32: Uint32Array, op: number, span: ReferentSpan): number {
  const row = u32[op >>> 2]! * TT_STRIDE;
  const kind = rows[row + TT_KIND]!;
  switch (kind) {
    case K_LIST: {
      const n = u32[(op + OB_SIZE) >>> 2]!;
      span.first = u32[(op + LIST_ITEMS) >>> 2]! + 8 * (n - 1);
      span.count = n;
      span.step = -8;
      return kind;
    }
    case K_TUPLE: {
      const n = u32[(op + OB_SIZE) >>> 2]!;
      span.first = op + TUPLE_ITEMS + 8 * (n - 1);
      span.count = n;
      span.step = -8;
      return kind;
    }
    case K_SLOTS:
      span.first = op + 8;
      span.count = rows[row + TT_SLOTS]!;
      span.step = 8;
      return kind;
    case K_INSTANCE: {
      span.step = 8;
      if (u32[(op + INSTANCE_DICT) >>> 2] !== 0) {
        span.first = op + INSTANCE_DICT;
        span.count = 1;
        return kind;
      }
      const values = u32[(op + INSTANCE_VALUES) >>> 2]!;
      span.first = values + VALUES_HEADER;
      span.count = values === 0 ? 0 : u32[values >>> 2]!;
      return kind;
    }
    default:
      return 0;
  }
}

/**
 * Whether `op` is a GC object (`_PyObject_IS_GC`), from the type table: tuples and every kind after
 * them have a `PyGC_Head`. 0 (None) and ints, strs, floats, bytes do not.
 * @example
 * if (isGcIn(rows, u32, r)) visit(r);
 */
export function isGcIn(rows: Int32Array, u32: Uint32Array, op: number): boolean {
  return op !== 0 && rows[u32[op >>> 2]! * TT_STRIDE + TT_KIND]! >= K_TUPLE;
}
