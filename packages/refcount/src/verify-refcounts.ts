import { HeapCorruptionError } from "@heaplab/runtime";
import { IMMORTAL_REFCNT } from "./header";
import type { RefcountHeap } from "./refcount-heap";

/**
 * The refcount invariant: every live object's `ob_refcnt` equals the number of strong references that
 * point at it — every owned heap slot (`ObjectModel.scan` in "dealloc" order, str dict keys included), handles, and what the strategy holds itself
 * (`forEachExtraReference`, e.g. `gc.garbage`) — plus 999,999,999 for the static singletons. Also: no
 * deallocation is in progress (the trashcan is empty).
 * @throws HeapCorruptionError naming the object, its count and the references found.
 */
export function verifyRefcounts(h: RefcountHeap): void {
  if (h.trash.later !== 0 || h.trash.nesting !== 0)
    throw new HeapCorruptionError(
      "the trashcan holds deferred deallocations outside a deallocation",
      h.trash.later,
    );
  const expected = new Map<number, number>();
  h.forEachObject((obj) => expected.set(obj, h.statics.has(obj) ? IMMORTAL_REFCNT : 0));
  const count = (target: number, from: string) => {
    const n = expected.get(target);
    if (n === undefined)
      throw new HeapCorruptionError(
        `${from} points at 0x${target.toString(16)}, which is not a live object`,
        target,
      );
    expected.set(target, n + 1);
  };
  let owner = 0;
  const visitor = {
    visit: (slot: number) =>
      count(h.memory.u32[slot >>> 2]!, `a slot of the object at 0x${owner.toString(16)}`),
  };
  // "dealloc" order visits every owned reference; "traverse" (like CPython's dict_traverse) skips the
  // str keys of unicode dicts, which can never be part of a cycle but are still counted references.
  for (const obj of expected.keys()) {
    owner = obj;
    h.model.scan(obj, visitor, "dealloc");
  }
  const roots = h.heap.roots;
  roots.forEachRoot((slot) => count(roots.addrs[slot]!, `handle slot ${slot}`));
  h.forEachExtraReference((obj) => count(obj, "the strategy"));
  for (const [obj, n] of expected) {
    const rc = h.refcount(obj);
    if (rc !== n) {
      throw new HeapCorruptionError(
        `the ${h.model.typeOf(obj).name} at 0x${obj.toString(16)} has refcount ${rc} but ${n} references point at it`,
        obj,
      );
    }
  }
}
