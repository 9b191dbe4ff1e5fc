import type { ObjectModel, TypeInfo } from "@heaplab/runtime";
import { GC_PREFIX, PLAIN_PREFIX } from "./header";
import { K_BYTES, K_INT, K_STR, K_TUPLE, kindCode } from "./kinds";

/** Int32 words in one row. */
export const TT_STRIDE = 8;
/** Kind code (`kinds.ts`); 0 in the row of an id no type has. */
export const TT_KIND = 0;
/** Number of `__slots__` (0 for other kinds). */
export const TT_SLOTS = 1;
/** 1 if the type has `__del__` (`tp_finalize`). */
export const TT_FINALIZER = 2;
/** `tp_weaklistoffset`: body offset of the weak-reference list head, -1 when the type takes no weak references. */
export const TT_WEAKLIST = 3;
/** Header bytes before the type word: 24 for GC types (`PyGC_Head` + refcount), 8 for the rest. */
export const TT_PREFIX = 4;
/** Body bytes of every object of a fixed-size type; 0 for int, str, bytes and tuple, sized per object. */
export const TT_FIXED_BODY = 5;

/**
 * What the hot paths need of each type, in one dense `Int32Array` indexed by type id (`PyTypeObject`'s
 * slots that gcmodule and `subtype_dealloc` read, flattened). A row is written once, when the type is
 * registered (`TypeRegistry.onRegister`), so a lookup is one array read with no "not learned yet" case:
 *
 *     rows: | id 0 (empty) | id 1: int | id 2: float | … | id n: a registered class |
 *     row = id * TT_STRIDE, 8 words:
 *     +0 TT_KIND  +1 TT_SLOTS  +2 TT_FINALIZER  +3 TT_WEAKLIST  +4 TT_PREFIX  +5 TT_FIXED_BODY  +6, +7 unused
 *
 * The array is replaced when it grows, which only a registration does: a loop that runs no Python code
 * (a collection's `subtract_refs` and `move_unreachable`) may keep the array it read at its start.
 *
 * @example
 * const rows = heap.typeTable.rows;
 * const kind = rows[u32[obj >>> 2]! * TT_STRIDE + TT_KIND];
 */
export class TypeTable {
  /** The rows; re-read after anything that may register a type. */
  rows = new Int32Array(16 * TT_STRIDE);

  /** Writes the row of `t` (growing the table to hold its id). */
  fill(t: TypeInfo, model: ObjectModel): void {
    const at = t.id * TT_STRIDE;
    if (at + TT_STRIDE > this.rows.length) {
      const grown = new Int32Array(Math.max(at + TT_STRIDE, this.rows.length * 2));
      grown.set(this.rows);
      this.rows = grown;
    }
    const kind = kindCode(t);
    const rows = this.rows;
    rows[at + TT_KIND] = kind;
    rows[at + TT_SLOTS] = t.slots.length;
    rows[at + TT_FINALIZER] = t.finalizer !== null ? 1 : 0;
    rows[at + TT_WEAKLIST] = t.weaklistOffset;
    rows[at + TT_PREFIX] = t.gc ? GC_PREFIX : PLAIN_PREFIX;
    // the model sizes the other kinds from the type alone (the address is not read)
    const variable = kind === K_INT || kind === K_STR || kind === K_BYTES || kind === K_TUPLE;
    rows[at + TT_FIXED_BODY] = variable ? 0 : model.bodyBytesOf(t, 0);
  }

  /** The kind code of type `id`, or 0 if no type has that id. */
  kind(id: number): number {
    const at = id * TT_STRIDE;
    return at < this.rows.length ? this.rows[at + TT_KIND]! : 0;
  }
}
