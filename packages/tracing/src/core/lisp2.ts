import type { LinearMemory, ObjectModel, SlotVisitor } from "@heaplab/runtime";
import { FORWARDED, FREE, HEADER_BYTES, MARK, PINNED } from "../header";
import { BumpSpace } from "../spaces/bump-space";

/** One region taking part in a compaction, in compaction order. */
interface Region {
  space: BumpSpace;
  index: number;
  /** Which group of spaces it belongs to: objects slide only within their group's regions. */
  group: number;
}

/**
 * Lisp-2 sliding compaction over ordered groups of bump-space regions (HotSpot's serial full GC phases
 * 2-4, MMTk's MarkCompact): after marking, `computeForwarding` gives each live object the next address of
 * its group's compaction cursor, which only moves forward (pinned objects keep theirs, the gap before them
 * becomes a filler); `adjust` rewrites every reference to the new addresses; `move` slides the objects
 * down in address order, so order is preserved and no object overwrites one not yet moved. Each group
 * compacts into its own regions (the CLR compacts each generation in place; HotSpot's full GC slides
 * tenured, eden and the survivors as one group). `TracingPlan.slidingCompact` runs the whole sequence.
 *
 * @example
 * const c = new SlidingCompactor(memory, model);
 * c.computeForwarding([[oldSpace, eden]], reclaim);
 * c.adjustObject(obj); // for every live object, and c.forward(root) for every root
 * c.move();
 */
// Header words are read and written by index in the per-block and per-reference loops below
// (`sizeOf`, `statusOf`, `forwardeeOf` inlined): each runs once for every block or reference.
export class SlidingCompactor implements SlotVisitor {
  private u32: Uint32Array;
  private regions: Region[] = [];
  private newTops: number[] = [];
  private fillers: number[] = [];
  movedBytes = 0;
  /** Bytes the last `move` moved, per group. */
  movedBytesByGroup: number[] = [];
  liveBytes = 0;
  /** Bytes of the fillers the last `move` left before pinned objects (the compacted regions' only free blocks). */
  fillerBytes = 0;
  moveHook: ((from: number, to: number) => void) | null = null;

  constructor(
    private readonly memory: LinearMemory,
    private readonly model: ObjectModel,
  ) {
    this.u32 = memory.u32;
  }

  /**
   * Phase 2, compute new addresses. Before: live objects carry MARK. After: every live object carries
   * FORWARDED and its new address; every dead object went to `onDead` (which frees what it owns).
   */
  computeForwarding(groups: readonly (readonly BumpSpace[])[], onDead: (obj: number) => void): void {
    this.u32 = this.memory.u32;
    const u32 = this.u32;
    this.regions = [];
    groups.forEach((spaces, group) => {
      for (const space of spaces)
        for (let i = 0; i < space.starts.length; i++) this.regions.push({ space, index: i, group });
    });
    this.newTops = this.regions.map((r) => r.space.starts[r.index]!);
    this.fillers = [];
    this.movedBytes = 0;
    this.movedBytesByGroup = groups.map(() => 0);
    this.liveBytes = 0;
    if (this.regions.length === 0) return;
    let ci = 0;
    let c = this.startOf(0);
    for (let ri = 0; ri < this.regions.length; ri++) {
      const { space, index, group } = this.regions[ri]!;
      if (group !== this.regions[ci]!.group) {
        // A new group: its cursor starts at its first region (the last group's cursor stops here).
        this.newTops[ci] = c;
        ci = ri;
        c = this.startOf(ri);
      }
      const top = space.tops[index]!;
      for (let b = space.starts[index]!; b < top; ) {
        const size = u32[b >>> 2]!;
        const st = u32[(b + 4) >>> 2]!;
        const obj = b + HEADER_BYTES;
        if ((st & FREE) !== 0) {
          b += size;
          continue;
        }
        if ((st & MARK) === 0) {
          onDead(obj);
          b += size;
          continue;
        }
        this.liveBytes += size;
        if ((st & PINNED) !== 0) {
          // A pinned object stays: close the cursor's region, fill the gap before the object.
          if (ci < ri) {
            this.newTops[ci] = c;
            ci = ri;
            c = this.startOf(ri);
          }
          if (c < b) this.fillers.push(c, b);
          u32[(obj + 4) >>> 2] = obj;
          c = b + size;
        } else {
          if (c + size > this.endOf(ci)) {
            this.newTops[ci] = c;
            ci++;
            c = this.startOf(ci);
          }
          u32[(obj + 4) >>> 2] = c + HEADER_BYTES;
          c += size;
        }
        u32[(b + 4) >>> 2] = st | FORWARDED;
        b += size;
      }
    }
    this.newTops[ci] = c;
  }

  private startOf(i: number): number {
    const r = this.regions[i]!;
    return r.space.starts[r.index]!;
  }

  private endOf(i: number): number {
    const r = this.regions[i]!;
    return r.space.ends[r.index]!;
  }

  /** The address `addr` will have after the move (itself for objects that do not move). */
  forward(addr: number): number {
    const u32 = this.u32;
    return addr !== 0 && (u32[(addr - 4) >>> 2]! & FORWARDED) !== 0 ? u32[(addr + 4) >>> 2]! : addr;
  }

  visit(slot: number): void {
    const u32 = this.u32;
    const v = u32[slot >>> 2]!;
    if (v !== 0 && (u32[(v - 4) >>> 2]! & FORWARDED) !== 0) u32[slot >>> 2] = u32[(v + 4) >>> 2]!;
  }

  /** Phase 3 for one live object: its strong and weak slots get the new addresses. */
  adjustObject(obj: number): void {
    this.model.scan(obj, this, "dealloc");
    this.model.scanWeak(obj, this);
  }

  /** Calls `fn` for every live object of the compacted regions (for phase 3). */
  forEachLive(fn: (obj: number) => void): void {
    const u32 = this.u32;
    for (const { space, index } of this.regions) {
      const top = space.tops[index]!;
      for (let b = space.starts[index]!; b < top; b += u32[b >>> 2]!)
        if ((u32[(b + 4) >>> 2]! & (MARK | FREE)) === MARK) fn(b + HEADER_BYTES);
    }
  }

  /**
   * Phase 4, move. Before: every live object carries its new address and every reference was adjusted.
   * After: objects sit at their new addresses without MARK or FORWARDED; each region's top is its
   * cursor's end; gaps before pinned objects are free fillers.
   */
  move(): void {
    const u32 = this.u32;
    const u8 = this.memory.u8;
    for (const { space, index, group } of this.regions) {
      const top = space.tops[index]!;
      for (let b = space.starts[index]!; b < top; ) {
        const size = u32[b >>> 2]!;
        const st = u32[(b + 4) >>> 2]!;
        if ((st & (MARK | FREE)) === MARK) {
          const obj = b + HEADER_BYTES;
          const to = u32[(obj + 4) >>> 2]!;
          if (to !== obj) {
            u8.copyWithin(to - HEADER_BYTES, b, b + size);
            this.movedBytes += size;
            this.movedBytesByGroup[group]! += size;
            if (this.moveHook !== null) this.moveHook(obj, to);
          }
          u32[(to - 4) >>> 2] = st & ~(MARK | FORWARDED);
          u32[(to + 4) >>> 2] = 0;
        }
        b += size;
      }
    }
    for (let i = 0; i < this.regions.length; i++) {
      const { space, index } = this.regions[i]!;
      space.setTop(index, this.newTops[i]!);
    }
    this.fillerBytes = 0;
    for (let i = 0; i < this.fillers.length; i += 2) {
      BumpSpace.fill(u32, this.fillers[i]!, this.fillers[i + 1]!);
      this.fillerBytes += this.fillers[i + 1]! - this.fillers[i]!;
    }
    for (const s of new Set(this.regions.map((r) => r.space))) {
      s.rewind();
    }
  }
}
