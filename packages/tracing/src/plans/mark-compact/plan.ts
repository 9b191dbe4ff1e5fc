import type { CollectReason, StrategyOptions, TypeInfo } from "@heaplab/runtime";
import { allocOrGrow, tryAddRegion } from "../../core/grow";
import { SlidingCompactor } from "../../core/lisp2";
import { Marker } from "../../core/mark";
import { TracingPlan } from "../../core/plan-base";
import { PlanSettings } from "../../core/settings";
import { GrowthTrigger } from "../../core/trigger";
import { MARK, statusOf } from "../../header";
import { BumpSpace } from "../../spaces/bump-space";
import { LargeObjectSpace } from "../../spaces/large-object-space";
import { MARK_COMPACT_CONSTRAINTS, MARK_COMPACT_LOS_BLOCK } from "./constraints";

/**
 * `mark-compact`: Lisp-2 sliding compaction (MMTk's MarkCompact, HotSpot's serial full GC) in four
 * phases: mark, compute new addresses, adjust pointers, move. Allocation bumps; a collection slides the
 * survivors to the bottom of the space, preserving their order, so the free space is one run again.
 *
 * @example
 * const rt = new Runtime(new MarkCompactPlan({}), { heapLimit: 64 << 20 });
 */
export class MarkCompactPlan extends TracingPlan {
  readonly name = "mark-compact";
  readonly description = "Lisp-2 sliding compaction: mark, compute addresses, adjust pointers, move";
  readonly constraints = MARK_COMPACT_CONSTRAINTS;
  private space!: BumpSpace;
  private los!: LargeObjectSpace;
  private marker!: Marker;
  private compactor!: SlidingCompactor;
  private readonly regionBytes: number;
  private readonly losTrigger: GrowthTrigger;
  /** Bytes in free fillers, as of the last compaction. */
  private fillerBytes = 0;

  constructor(options: StrategyOptions) {
    super();
    const s = new PlanSettings(this.name, this.constraints, options, ["region-bytes", "min-heap"]);
    // 4 MiB regions, or a quarter of a smaller heap (room for growth and large objects beside them).
    this.regionBytes = s.number("region-bytes", Math.min(4 << 20, s.limit / 4));
    this.losTrigger = new GrowthTrigger(s.number("min-heap", 8 << 20), 2);
  }

  protected init(): void {
    const { os, memory, model } = this.heap;
    this.space = new BumpSpace("compact", 1, os, this.spaceMap);
    this.space.addRegion(this.regionBytes);
    this.los = new LargeObjectSpace(os);
    this.marker = new Marker(memory, model);
    this.marker.reportTo = this.heap.events;
    this.compactor = new SlidingCompactor(memory, model);
  }

  protected allocBlock(size: number, _t: TypeInfo): number {
    if (size > MARK_COMPACT_LOS_BLOCK) return this.allocInLargeSpace(this.los, this.losTrigger, size, 0);
    return this.space.alloc(size) || this.allocAfterCollecting(size, this.bumpOrGrow, [0]);
  }

  /** After a collection: bump, else grow the space by a region if the limit allows. */
  private readonly bumpOrGrow = (size: number) => allocOrGrow(this.space, size, this.regionBytes);

  /**
   * The four Lisp-2 phases. Before: no object carries MARK. After: survivors are contiguous at the bottom
   * of the space (pinned ones where they were), all references and roots updated, dead objects freed.
   */
  protected runCollection(generation: number, reason: CollectReason): number {
    const t = this.beginGc(generation, reason);
    const { marker, compactor } = this;
    const u32 = () => this.heap.memory.u32;
    // Phase 1: mark, then finalizers and weak references.
    this.markFromRoots(marker);
    this.processReferences(marker.liveness());
    // Phases 2-4: compute new addresses, adjust pointers (of large objects too), move.
    t.movedBytes = this.slidingCompact(compactor, [[this.space]], (adjust) =>
      this.los.forEachBlock((o) => {
        if ((statusOf(u32(), o) & MARK) !== 0) adjust(o);
      }),
    );
    this.sweepLarge(this.los);
    this.fillerBytes = compactor.fillerBytes;
    this.growAfterCollection();
    this.losTrigger.reset(this.los.usedBytes(), this.heap.os.limitBytes);
    this.endGc(t);
    return t.collected;
  }

  /**
   * Grows the space after a collection so that at least as much is free as survived (the heap about
   * twice the live bytes, `GrowthTrigger`'s factor), never less than one region, and at most half the
   * room left below the heap limit, so large objects still find room. Before: survivors are compacted.
   * After: the next collection comes only after allocating about as much as survived, so building a
   * heap of N live bytes costs O(N) compaction work in all, not one full compaction per region
   * (O(N²)), as growing by a fixed region did.
   */
  private growAfterCollection(): void {
    const { space } = this;
    const want = Math.max(this.regionBytes, space.usedBytes()) - space.freeBytes();
    if (want <= 0) return;
    const room = Math.floor((this.heap.os.limitBytes - this.heap.os.heldBytes) / 2);
    const bytes = Math.min(Math.max(want, this.regionBytes), room);
    if (bytes > 0) tryAddRegion(space, bytes);
  }

  forEachObject(visit: (obj: number) => void): void {
    const u32 = this.heap.memory.u32;
    this.space.forEachObject(visit, u32);
    this.los.forEachBlock(visit);
  }

  /**
   * The fillers the last compaction left before pinned objects: allocation only bumps, so they are the
   * space's only free blocks until the next collection. Kept as a number because `stats()` asks for it
   * after every few allocations, and walking the whole space each time made building a large heap
   * quadratic.
   */
  protected override fragmentationBytes(): number {
    return this.fillerBytes;
  }

  protected verifyPlan(_live: Set<number>): void {}
}

/**
 * Makes a `mark-compact` strategy. Settings: `region-bytes`, `min-heap` (large objects before a collection).
 * @example
 * const rt = new Runtime(createMarkCompact(), { heapLimit: 64 << 20 });
 */
export function createMarkCompact(options: StrategyOptions = {}): MarkCompactPlan {
  return new MarkCompactPlan(options);
}
