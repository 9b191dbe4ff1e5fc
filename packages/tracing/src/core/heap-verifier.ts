import type { HandleTable, LinearMemory, ObjectModel } from "@heaplab/runtime";
import { AUX, blockBytes, FORWARDED, FREE, MARK, sizeOf, statusOf } from "../header";
import type { AuxSpace } from "../spaces/aux-space";

/** What the shared verifier reads of a plan. */
export interface VerifiedHeap {
  readonly memory: LinearMemory;
  readonly model: ObjectModel;
  readonly roots: HandleTable;
  readonly aux: AuxSpace;
  /** Every object of the heap, once each. */
  forEachObject(visit: (obj: number) => void): void;
  /** The registries and queues whose entries must be objects. */
  readonly registries: readonly (readonly number[])[];
  /** Throws the plan's HeapCorruptionError. */
  fail(message: string, addr: number): never;
}

/**
 * The checks every tracing plan shares: block headers are sane and carry no collection state (no MARK
 * or FORWARDED outside a collection); every strong and weak reference and every root points at an
 * object of this heap (never at free or from-space memory); aux pointers name live aux blocks;
 * registries and queues hold objects; the aux space's free lists are well formed.
 * @returns the set of objects, for the plan's own checks.
 * @example
 * const live = verifyTracingHeap({ memory, model, roots, aux, forEachObject, registries, fail });
 */
export function verifyTracingHeap(h: VerifiedHeap): Set<number> {
  const u32 = h.memory.u32;
  const live = new Set<number>();
  h.forEachObject((obj) => {
    const st = statusOf(u32, obj);
    if ((st & (MARK | FORWARDED | FREE | AUX)) !== 0)
      h.fail(`object header holds collection state 0x${st.toString(16)}`, obj);
    const size = sizeOf(u32, obj);
    const body = h.model.bodyBytes(obj);
    if (size !== blockBytes(Math.max(body, 8)))
      h.fail(`block size ${size} does not match the object's body of ${body} bytes`, obj);
    live.add(obj);
  });
  let from = 0;
  const check = {
    visit: (slot: number) => {
      const v = h.memory.u32[slot >>> 2]!;
      if (!live.has(v))
        h.fail(
          `slot 0x${slot.toString(16)} of the object at 0x${from.toString(16)} points at 0x${v.toString(16)}, which is free or from-space memory, not an object`,
          slot,
        );
    },
  };
  for (const obj of live) {
    from = obj;
    h.model.scan(obj, check, "dealloc");
    h.model.scanWeak(obj, check);
    const a = h.model.auxAddress(obj);
    if (a !== 0 && !h.aux.isAux(a)) h.fail(`aux pointer 0x${a.toString(16)} is not a live aux block`, obj);
  }
  h.roots.forEachRootWord((words, i) => {
    const a = words[i]!;
    if (!live.has(a))
      h.fail(
        `root ${words === h.roots.addrs ? "handle slot" : "shadow-stack entry"} ${i} holds 0x${a.toString(16)}, not an object`,
        a,
      );
  });
  for (const list of h.registries)
    for (const a of list)
      if (!live.has(a)) h.fail("a finalizer or weak-reference registry names a non-object", a);
  h.aux.small.verifyFreeLists((m, a) => h.fail(m, a));
  return live;
}
