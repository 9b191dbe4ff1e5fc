/**
 * CPython 3.11's object header on heaplab's bytes, before the type word of every object:
 *
 *   GC types:     [_gc_next 8][_gc_prev 8][ob_refcnt 8][type word …]
 *   other types:               [ob_refcnt 8][type word …]
 *
 * An object reference is the address of its type word, so `ob_refcnt` is at `obj - 8` and the
 * `PyGC_Head` (`AS_GC(o)`) at `obj - 24`. Words hold their value in the low 32 bits.
 *
 * `_gc_next` is 0 for an untracked object, else the address of the next `PyGC_Head` in the
 * generation's circular list; bit 0 is `NEXT_MASK_UNREACHABLE` inside a collection. `_gc_prev` holds
 * the previous `PyGC_Head` with two flag bits (FINALIZED, COLLECTING); during a collection the bits
 * above the flags hold `gc_refs` instead, and in the trashcan they hold the next deferred object.
 */

/** Byte offset of `ob_refcnt` from the object address. */
export const REFCNT = -8;
/** Byte offset of `_gc_prev` from the object address. */
export const GC_PREV = -16;
/** Byte offset of `_gc_next` (the start of `PyGC_Head`) from the object address. */
export const GC_NEXT = -24;
/** Header bytes of a GC type: refcount + `PyGC_Head`. */
export const GC_PREFIX = 24;
/** Header bytes of a non-GC type: the refcount. */
export const PLAIN_PREFIX = 8;

/** `_PyGC_PREV_MASK_FINALIZED`: `tp_finalize` has run; survives untrack and retrack. */
export const PREV_MASK_FINALIZED = 1;
/** `_PyGC_PREV_MASK_COLLECTING`: the object belongs to the generation being collected. */
export const PREV_MASK_COLLECTING = 2;
/** Both flag bits of `_gc_prev`. */
export const PREV_FLAGS = 3;
/** `_PyGC_PREV_SHIFT`: `gc_refs` is stored above the two flag bits. */
export const PREV_SHIFT = 2;
/** `NEXT_MASK_UNREACHABLE`: set on `_gc_next` while the object sits in `move_unreachable`'s list. */
export const NEXT_MASK_UNREACHABLE = 1;

/**
 * `_PyObject_IMMORTAL_INIT`'s refcount for 3.11's static singletons (`()`, small ints): a high start,
 * still counted (3.11 has no immortal objects; see `CPythonProfile.refcount`).
 */
export const IMMORTAL_REFCNT = 999_999_999;

/** Bit 31 of the refcount word: set on an immortal object (PEP 683's `(int32_t)ob_refcnt < 0`). */
export const IMMORTAL_BIT = 0x8000_0000;

/** `AS_GC(op)`: the address of an object's `PyGC_Head`. */
export function asGc(obj: number): number {
  return obj + GC_NEXT;
}

/** `FROM_GC(g)`: the object whose `PyGC_Head` is at `g`. */
export function fromGc(g: number): number {
  return g - GC_NEXT;
}
