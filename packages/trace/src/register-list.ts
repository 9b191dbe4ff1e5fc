import { type Handle, NONE, type Runtime } from "@heaplab/runtime";
import { LIST_ITEMS } from "@heaplab/runtime/internals";

/**
 * The referee's registers `R`: one real list in the heap, as in `cpython_replay.py`, not a set of
 * handles. Where it sits matters to CPython's collector: `R` is one of the interpreter's long-lived
 * objects (counted in the baseline), so in a full collection its items are internal references, and
 * `move_unreachable` reaches the registers' objects through `list_traverse` (last item first) when it
 * scans `R`. Trace objects placed before `R` in the oldest generation (as `gc.unfreeze()` does with
 * objects frozen from a young generation) are tentatively unreachable until then and move behind it,
 * which decides the order their finalizers run in later.
 *
 *     R (persistent handle) ──► list [ R[0] | R[1] | … | R[n-1] ]   each item a strong reference
 *
 * @example
 * const R = new RegisterList(rt, 8);
 * R.set(0, rt.newList()); // R[0] = []
 */
export class RegisterList {
  /** The list itself, held by one persistent handle (the referee's module global). */
  readonly list: Handle;

  constructor(
    private readonly rt: Runtime,
    readonly count: number,
  ) {
    const list = rt.newList();
    this.list = rt.persistent(list);
    rt.release(list);
    for (let i = 0; i < count; i++) rt.append(this.list, NONE);
  }

  /** `R[s]` loaded onto Python's stack: a new scoped handle (a new reference), released by the caller. */
  get(s: number): Handle {
    return this.rt.getItem(this.list, s);
  }

  /** `R[d] = h`: the new reference is stored, then the old value dropped (`list_ass_item`). */
  set(d: number, h: Handle): void {
    this.rt.setItem(this.list, d, h);
  }

  /** The registers' object addresses (0 for None), read from the list's item array. */
  addresses(): number[] {
    const mem = this.rt.memory;
    const items = mem.u32[(this.rt.addressOf(this.list) + LIST_ITEMS) >>> 2]!;
    return Array.from({ length: this.count }, (_, i) => mem.u32[(items + 8 * i) >>> 2]!);
  }
}
