import type { CollectReason, StrategyOptions, TypeInfo } from "@heaplab/runtime";
import { CheneyCopier } from "../../core/cheney";
import { CopyReserve } from "../../core/copy-reserve";
import { allocOrGrow, tryAddRegion } from "../../core/grow";
import { Marker } from "../../core/mark";
import { TracingPlan } from "../../core/plan-base";
import { PlanSettings } from "../../core/settings";
import { GrowthTrigger } from "../../core/trigger";
import { BumpSpace } from "../../spaces/bump-space";
import { LargeObjectSpace } from "../../spaces/large-object-space";
import { SEMISPACE_CONSTRAINTS, SEMISPACE_LOS_BLOCK } from "./constraints";

/**
 * `semispace`: Cheney copying between two halves (MMTk's SemiSpace). Allocation bumps in the from-space;
 * when it is full every reachable object is copied to the to-space, breadth-first, and the halves swap.
 * Half of the memory is always the copy reserve. Large objects stay in a large-object space.
 *
 * @example
 * const rt = new Runtime(new SemiSpacePlan({ settings: { "semispace-bytes": 1 << 20 } }));
 */
export class SemiSpacePlan extends TracingPlan {
  readonly name = "semispace";
  readonly description = "Cheney copying between two halves; bump allocation; large-object space";
  readonly constraints = SEMISPACE_CONSTRAINTS;
  private from!: BumpSpace;
  private to!: BumpSpace;
  private los!: LargeObjectSpace;
  private copier!: CheneyCopier;
  /** Makes room in the to-space for the survivors before a collection copies. */
  private reserve!: CopyReserve;
  private readonly halfBytes: number;
  private readonly losTrigger: GrowthTrigger;

  constructor(options: StrategyOptions) {
    super();
    const s = new PlanSettings(this.name, this.constraints, options, ["semispace-bytes", "min-heap"]);
    // 4 MiB halves, or a quarter of a smaller heap each.
    this.halfBytes = s.number("semispace-bytes", Math.min(4 << 20, s.limit / 4));
    this.losTrigger = new GrowthTrigger(s.number("min-heap", 8 << 20), 2);
  }

  protected init(): void {
    const { os, memory, model } = this.heap;
    this.from = new BumpSpace("from", 1, os, this.spaceMap);
    this.to = new BumpSpace("to", 2, os, this.spaceMap);
    this.from.addRegion(this.halfBytes);
    this.to.addRegion(this.halfBytes);
    this.los = new LargeObjectSpace(os);
    this.copier = new CheneyCopier(
      memory,
      model,
      (o) => this.spaceMap.spaceOf(o) === this.from.id,
      (o) => this.spaceMap.spaceOf(o) === 0,
      // `reserveCopySpace` made room for every survivor; running out here would strand half-copied objects.
      (o, size) =>
        allocOrGrow(this.to, size, this.halfBytes) ||
        this.fail(`the copy reserve has no room for ${size} bytes`, o),
    );
    const marker = new Marker(memory, model);
    this.reserve = new CopyReserve(this.name, os, memory, marker, this.los, SEMISPACE_LOS_BLOCK, (m) =>
      this.markFromRoots(m, true),
    );
  }

  protected allocBlock(size: number, _t: TypeInfo): number {
    if (size > SEMISPACE_LOS_BLOCK) return this.allocInLargeSpace(this.los, this.losTrigger, size, 0);
    return this.from.alloc(size) || this.allocAfterCollecting(size, this.bumpOrGrow, [0]);
  }

  /** Still full after a collection: grow both halves (the copy reserve grows at the next collection). */
  private readonly bumpOrGrow = (size: number) => allocOrGrow(this.from, size, this.halfBytes);

  /**
   * Copy everything reachable into the to-space, then swap.
   * Before: the to-space is empty. After: the from-space holds exactly the survivors (compacted, in
   * breadth-first order), the to-space is empty again, dead large objects are unmapped.
   */
  protected runCollection(generation: number, reason: CollectReason): number {
    this.reserve.ensure(this.to, [this.from]);
    const t = this.beginGc(generation, reason);
    this.to.reset();
    this.copyLive(this.copier, [this.to]);
    this.reclaimUncopied([this.from]);
    this.sweepLarge(this.los);
    t.movedBytes = this.copier.movedBytes;
    const old = this.from;
    this.from = this.to;
    this.to = old;
    this.to.reset();
    this.growAfterCollection();
    this.losTrigger.reset(this.los.usedBytes(), this.heap.os.limitBytes);
    this.endGc(t);
    return t.collected;
  }

  /**
   * Keeps at least half of the allocation space free after a collection: grows it by what is missing
   * (at least one half-size region, at most half the room left below the heap limit, the other half
   * being the copy reserve's), so the heap doubles as the live data does. Growing by one fixed region
   * per collection made building a heap of N live bytes cost N / region full copies of it: quadratic.
   */
  private growAfterCollection(): void {
    const missing = this.from.usedBytes() * 2 - this.from.capacityBytes();
    if (missing <= 0) return;
    const room = Math.floor((this.heap.os.limitBytes - this.heap.os.heldBytes) / 2);
    const bytes = Math.min(Math.max(missing, this.halfBytes), room);
    if (bytes > 0) tryAddRegion(this.from, bytes);
  }

  forEachObject(visit: (obj: number) => void): void {
    this.from.forEachBlock(visit, this.heap.memory.u32);
    this.los.forEachBlock(visit);
  }

  protected override fragmentationBytes(): number {
    return 0;
  }

  protected verifyPlan(live: Set<number>): void {
    if (this.to.usedBytes() !== 0)
      this.fail("the to-space is not empty between collections", this.to.starts[0] ?? 0);
    for (const o of live)
      if (this.spaceMap.spaceOf(o) === this.to.id) this.fail("an object lives in the to-space", o);
  }
}

/**
 * Makes a `semispace` strategy. Settings: `semispace-bytes` (initial half size), `min-heap` (large objects before a collection).
 * @example
 * const rt = new Runtime(createSemiSpace(), { heapLimit: 64 << 20 });
 */
export function createSemiSpace(options: StrategyOptions = {}): SemiSpacePlan {
  return new SemiSpacePlan(options);
}
