import {
  fromGc,
  GC_NEXT,
  NEXT_MASK_UNREACHABLE,
  PREV_FLAGS,
  PREV_MASK_COLLECTING,
  REFCNT,
} from "@heaplab/refcount/internals";
import { HeapCorruptionError } from "@heaplab/runtime";
import { type GenerationalCollector, HEAD_PERMANENT } from "./collector";

/**
 * The generation invariant: generations 0, 1, 2 and the permanent generation are well-formed circular
 * lists (every back link right, no flag left from a collection) that together hold exactly the tracked
 * objects: each live GC object with `_gc_next != 0` appears in exactly one list, and nothing else does.
 * Membership is marked in the high half of each listed object's 8-byte refcount word (always 0 outside
 * a verification, as the refcount verifier also relies on), so the walk allocates nothing per object;
 * every mark is cleared again before returning or throwing.
 * @throws HeapCorruptionError naming the object and what is wrong.
 */
export function verifyGenerations(c: GenerationalCollector): void {
  const marked: number[] = [];
  try {
    checkLists(c, marked);
  } finally {
    const u32 = c.u32;
    for (const obj of marked) u32[(obj + MARK) >>> 2] = 0;
  }
}

/** The high half of `ob_refcnt`, used as the "in a generation list" mark. */
const MARK = REFCNT + 4;

function checkLists(c: GenerationalCollector, marked: number[]): void {
  const u32 = c.u32;
  const heap = c.heap;
  const inList = {
    has: (obj: number) => u32[(obj + MARK) >>> 2] !== 0,
    add: (obj: number) => {
      u32[(obj + MARK) >>> 2] = 1;
      marked.push(obj);
    },
  };
  for (const i of [0, 1, 2, HEAD_PERMANENT]) {
    const head = c.head(i);
    let prev = head;
    for (let g = u32[head >>> 2]!; g !== head; g = u32[g >>> 2]!) {
      const obj = fromGc(g);
      const where = `generation ${i === HEAD_PERMANENT ? "permanent" : i}`;
      if ((g & NEXT_MASK_UNREACHABLE) !== 0 || !heap.isObject(obj))
        throw new HeapCorruptionError(
          `${where} links to 0x${obj.toString(16)}, which is not a live object`,
          obj,
        );
      if (!c.isGc(obj)) throw new HeapCorruptionError(`${where} holds a non-GC object`, obj);
      if (inList.has(obj))
        throw new HeapCorruptionError(`${where} holds an object twice (or two lists share it)`, obj);
      if ((u32[(g + 8) >>> 2]! & ~PREV_FLAGS) !== prev)
        throw new HeapCorruptionError(`${where} has a broken back link at 0x${obj.toString(16)}`, obj);
      if ((u32[(g + 8) >>> 2]! & PREV_MASK_COLLECTING) !== 0)
        throw new HeapCorruptionError("an object outside a collection has COLLECTING set", obj);
      inList.add(obj);
      prev = g;
    }
    if ((u32[(head + 8) >>> 2]! & ~PREV_FLAGS) !== prev)
      throw new HeapCorruptionError(`generation ${i} list head has a broken back link`, head);
  }
  heap.forEachObject((obj) => {
    if (!c.isGc(obj)) return;
    const tracked = u32[(obj + GC_NEXT) >>> 2] !== 0;
    if (tracked !== inList.has(obj))
      throw new HeapCorruptionError(
        tracked
          ? `the ${heap.model.typeOf(obj).name} at 0x${obj.toString(16)} is marked tracked but is in no generation`
          : `the ${heap.model.typeOf(obj).name} at 0x${obj.toString(16)} is in a generation but marked untracked`,
        obj,
      );
  });
}
