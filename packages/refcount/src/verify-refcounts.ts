import { HeapCorruptionError, type SlotVisitor } from "@heaplab/runtime";
import { IMMORTAL_REFCNT, REFCNT } from "./header";
import type { RefcountHeap } from "./refcount-heap";

/**
 * Byte offset of the high half of the 8-byte `ob_refcnt` word. Counts never reach 2^32, so it is always
 * 0 outside a verification; the verifier tallies the references it finds there (no JS allocation per
 * object) and zeroes it again before returning or throwing.
 */
const TALLY = REFCNT + 4;

/** Counts every owned reference into its target's tally word; remembers the first dangling one. */
class ReferenceTally implements SlotVisitor {
  owner = 0;
  dangling = 0;
  danglingFrom = "";
  constructor(private readonly h: RefcountHeap) {}

  visit(slot: number): void {
    this.count(this.h.memory.u32[slot >>> 2]!, this.owner);
  }

  /** One reference to `target`, from object `owner` (0: a handle or the strategy itself). */
  count(target: number, owner: number): void {
    if (!this.h.live.has(target)) {
      if (this.dangling === 0) {
        this.dangling = target;
        this.danglingFrom = owner === 0 ? "a root" : `a slot of the object at 0x${owner.toString(16)}`;
      }
      return;
    }
    this.h.memory.u32[(target + TALLY) >>> 2]! += 1;
  }
}

const tallies = new WeakMap<RefcountHeap, ReferenceTally>();

/**
 * The refcount invariant: every live object's `ob_refcnt` equals the number of strong references that
 * point at it — every owned heap slot (`ObjectModel.scan` in "dealloc" order, so the str keys of unicode
 * dicts that `dict_traverse` skips are counted too), handles, and what the strategy holds itself
 * (`forEachExtraReference`, e.g. `gc.garbage`) — plus 999,999,999 for the static singletons. Also: no
 * deallocation is in progress (the trashcan is empty), and no reference points at a dead object.
 * Before and after: every tally word is 0; the heap is otherwise untouched.
 * @throws HeapCorruptionError naming the object, its count and the references found.
 */
export function verifyRefcounts(h: RefcountHeap): void {
  if (h.trash.later !== 0 || h.trash.nesting !== 0)
    throw new HeapCorruptionError(
      "the trashcan holds deferred deallocations outside a deallocation",
      h.trash.later,
    );
  let tally = tallies.get(h);
  if (tally === undefined) {
    tally = new ReferenceTally(h);
    tallies.set(h, tally);
  }
  tally.dangling = 0;
  let dirty = 0;
  h.forEachObject((obj) => {
    if (dirty === 0 && h.memory.u32[(obj + TALLY) >>> 2] !== 0) dirty = obj;
  });
  if (dirty !== 0)
    throw new HeapCorruptionError(`the high half of the refcount of 0x${dirty.toString(16)} is not 0`, dirty);
  const t = tally;
  h.forEachObject((obj) => {
    t.owner = obj;
    h.model.scan(obj, t, "dealloc");
  });
  const roots = h.heap.roots;
  // Handles and shadow-stack entries each own one reference.
  roots.forEachRootWord((words, i) => t.count(words[i]!, 0));
  h.forEachExtraReference((obj) => t.count(obj, 0));
  let bad = 0;
  let badFound = 0;
  h.forEachObject((obj) => {
    const u32 = h.memory.u32;
    const found = u32[(obj + TALLY) >>> 2]!;
    u32[(obj + TALLY) >>> 2] = 0;
    // 3.11's statics are counted from 999,999,999; an immortal object (3.12+) never moves off its value
    const expected = h.statics.has(obj)
      ? (h.profile.refcount.immortalRefcnt ?? IMMORTAL_REFCNT + found)
      : found;
    if (bad === 0 && u32[(obj + REFCNT) >>> 2] !== expected) {
      bad = obj;
      badFound = expected;
    }
  });
  if (t.dangling !== 0)
    throw new HeapCorruptionError(
      `${t.danglingFrom} points at 0x${t.dangling.toString(16)}, which is not a live object`,
      t.dangling,
    );
  if (bad !== 0)
    throw new HeapCorruptionError(
      `the ${h.model.typeOf(bad).name} at 0x${bad.toString(16)} has refcount ${h.refcount(bad)} but ${badFound} references point at it`,
      bad,
    );
}
