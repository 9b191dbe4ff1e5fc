import type { TrashcanRule } from "@heaplab/runtime";
import { GC_PREV, PREV_FLAGS } from "./header";

/** `_PyTrash_UNWIND_LEVEL` in 3.11: container deallocations nest at most this deep. */
export const TRASH_UNWIND_LEVEL = 50;

/** 3.11's rule: defer at 50 nested deallocators, drain at the outermost. */
const NESTING_50: TrashcanRule = { depositAt: TRASH_UNWIND_LEVEL, drainAtOrBelow: 0 };

/**
 * CPython 3.11's trashcan (`_PyTrash_begin`/`_end`, `_PyTrash_thread_deposit_object`,
 * `_PyTrash_thread_destroy_chain`): container deallocators count their nesting; at depth 50 the object
 * (already untracked, at refcount 0) is deposited on a LIFO list threaded through its `_gc_prev` (flag
 * bits kept) and its teardown is skipped; when the outermost deallocator ends, the list is drained
 * with the nesting count at 1. So a chain of a million objects is freed with a bounded stack, in
 * CPython's order. The depths come from the version's `TrashcanRule` (3.13 counts C recursion: it
 * defers near 9,948 levels and drains 50 levels up).
 *
 * @example
 * if (trash.begin(obj)) return; // deposited: skip the body
 * ...drop the references...
 * trash.end();
 */
export class Trashcan {
  /** `trash_delete_nesting`. */
  nesting = 0;
  /** `trash_delete_later`: the most recently deposited object, or 0. */
  later = 0;

  constructor(
    private readonly u32: () => Uint32Array,
    /** Calls the object's `tp_dealloc` directly (it is at refcount 0 and untracked). */
    private readonly dealloc: (obj: number) => void,
    private readonly rule: TrashcanRule = NESTING_50,
  ) {}

  /** `_PyTrash_begin`: true if `obj` was deposited and its deallocator must stop here. */
  begin(obj: number): boolean {
    if (this.nesting >= this.rule.depositAt) {
      const u32 = this.u32();
      const p = (obj + GC_PREV) >>> 2;
      u32[p] = (u32[p]! & PREV_FLAGS) | this.later;
      this.later = obj;
      return true;
    }
    this.nesting++;
    return false;
  }

  /** `_PyTrash_end`: leaves one level; back at the rule's drain depth, drains the deposited objects. */
  end(): void {
    this.nesting--;
    if (this.later !== 0 && this.nesting <= this.rule.drainAtOrBelow) this.destroyChain();
  }

  /** `_PyTrash_thread_destroy_chain`: newest deposit first, each deallocator run at nesting 1. */
  private destroyChain(): void {
    this.nesting++;
    while (this.later !== 0) {
      const op = this.later;
      this.later = this.u32()[(op + GC_PREV) >>> 2]! & ~PREV_FLAGS;
      this.dealloc(op);
    }
    this.nesting--;
  }
}
