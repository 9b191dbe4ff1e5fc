import { type CollectReason, MemoryError, type StrategyOptions, type TypeInfo } from "@heaplab/runtime";
import { Marker } from "../../core/mark";
import { TracingPlan } from "../../core/plan-base";
import { GrowthTrigger, setting } from "../../core/trigger";
import { AUX, FREE, MARK, statusOf } from "../../header";
import { FreeListSpace, MAX_SMALL_BLOCK } from "../../spaces/free-list-space";
import { LargeObjectSpace } from "../../spaces/large-object-space";
import { MARK_SWEEP_CONSTRAINTS } from "./constraints";

/**
 * `mark-sweep`: non-moving (MMTk's MarkSweep plan). Small objects live on size-segregated free lists
 * (`FreeListSpace`), large ones in a `LargeObjectSpace`. A collection marks from the roots, processes
 * finalizers and weak references, then sweeps eagerly: dead blocks go back to their size class.
 *
 * @example
 * const rt = new Runtime(new MarkSweepPlan({}), { heapLimit: 64 << 20 });
 */
export class MarkSweepPlan extends TracingPlan {
  readonly name = "mark-sweep";
  readonly description = "non-moving mark-sweep: size-segregated free lists, eager sweep, large-object space";
  readonly constraints = MARK_SWEEP_CONSTRAINTS;
  private space!: FreeListSpace;
  private los!: LargeObjectSpace;
  private marker!: Marker;
  private readonly trigger: GrowthTrigger;

  constructor(options: StrategyOptions) {
    super();
    this.trigger = new GrowthTrigger(
      setting(options.settings, "min-heap", 4 << 20),
      setting(options.settings, "growth", 2),
    );
  }

  protected init(): void {
    this.space = new FreeListSpace(this.heap.os, this.heap.memory);
    this.los = new LargeObjectSpace(this.heap.os);
    this.marker = new Marker(this.heap.memory, this.heap.model);
  }

  protected allocBlock(size: number, _t: TypeInfo): number {
    if (this.trigger.due(this.usedBytes() + size)) this.collect(0, "allocation");
    for (let attempt = 0; ; attempt++) {
      let block = 0;
      if (size <= MAX_SMALL_BLOCK) block = this.space.alloc(size, 0);
      else {
        try {
          block = this.los.alloc(size, 0, () => this.heap.memory.u32);
        } catch (e) {
          if (!(e instanceof MemoryError)) throw e;
        }
      }
      if (block !== 0) return block;
      if (attempt === 1)
        throw new MemoryError(
          `MemoryError: 'mark-sweep' heap is full after a collection: ${this.usedBytes()} bytes in use, ${size} requested, limit ${this.heap.os.limitBytes}`,
          size,
          this.heap.os.limitBytes,
          this.heap.os.heldBytes,
        );
      this.collect(0, "memory-pressure");
    }
  }

  /**
   * Mark, process references, sweep. Before: no object carries MARK. After: every dead object's block is
   * free, every survivor is unmarked again.
   */
  collect(generation: number, reason: CollectReason): number {
    const t = this.beginGc(generation, reason);
    const marker = this.marker;
    marker.begin();
    this.forEachRoot((a) => marker.mark(a));
    marker.drain();
    const u32 = () => this.heap.memory.u32;
    this.processReferences({
      isLive: (o) => (statusOf(u32(), o) & MARK) !== 0,
      current: (o) => o,
      retain: (o) => marker.mark(o),
      drain: () => marker.drain(),
    });
    this.space.sweep((o) => this.reclaim(o));
    this.los.sweep(
      u32,
      () => true,
      (o) => this.reclaim(o),
    );
    this.trigger.reset(this.usedBytes(), this.heap.os.limitBytes);
    this.endGc(t);
    return t.collected;
  }

  forEachObject(visit: (obj: number) => void): void {
    const u32 = this.heap.memory.u32;
    this.space.forEachBlock((p) => {
      if ((statusOf(u32, p) & (FREE | AUX)) === 0) visit(p);
    });
    this.los.forEachBlock(visit);
  }

  protected override fragmentationBytes(): number {
    return this.space.capacityBytes() - this.space.used;
  }

  protected verifyPlan(_live: Set<number>): void {
    this.space.verifyFreeLists((m, a) => this.fail(m, a));
  }
}

/** Makes a `mark-sweep` strategy. Settings: `min-heap` (bytes before the first collection), `growth`. */
export function createMarkSweep(options: StrategyOptions = {}): MarkSweepPlan {
  return new MarkSweepPlan(options);
}
