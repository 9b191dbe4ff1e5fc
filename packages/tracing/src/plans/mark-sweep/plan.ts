import { type CollectReason, MemoryError, type StrategyOptions, type TypeInfo } from "@heaplab/runtime";
import { Marker } from "../../core/mark";
import { TracingPlan } from "../../core/plan-base";
import { PlanSettings } from "../../core/settings";
import { GrowthTrigger } from "../../core/trigger";
import { AUX, FREE, sizeOf, statusOf } from "../../header";
import { FreeListSpace, MAX_SMALL_BLOCK } from "../../spaces/free-list-space";
import { LargeObjectSpace } from "../../spaces/large-object-space";
import { MARK_SWEEP_CONSTRAINTS } from "./constraints";

/**
 * `mark-sweep`: non-moving (MMTk's MarkSweep plan). Small objects live on size-segregated free lists
 * (`FreeListSpace`), large ones in a `LargeObjectSpace`. A collection marks from the roots, processes
 * finalizers and weak references, then sweeps: eagerly (every dead block back to its size class in the
 * pause) or lazily (setting `sweep: "lazy"`: the pause ends after marking and each chunk is swept when
 * an allocation finds its size class empty, as MMTk's allocators do; the next collection, a heap walk or
 * the verifier finishes what is left first).
 *
 * @example
 * const rt = new Runtime(new MarkSweepPlan({}), { heapLimit: 64 << 20 });
 */
export class MarkSweepPlan extends TracingPlan {
  readonly name = "mark-sweep";
  readonly description =
    "non-moving mark-sweep: size-segregated free lists, lazy or eager sweep, large-object space";
  readonly constraints = MARK_SWEEP_CONSTRAINTS;
  private space!: FreeListSpace;
  private los!: LargeObjectSpace;
  private marker!: Marker;
  private readonly trigger: GrowthTrigger;
  /** Sweep lazily (during allocation) instead of in the pause. */
  readonly lazySweep: boolean;
  /** Bytes of dead small objects a lazy sweep has not reached yet. */
  private unsweptDead = 0;

  constructor(options: StrategyOptions) {
    super();
    const s = new PlanSettings(this.name, this.constraints, options, ["min-heap", "growth", "sweep"]);
    this.lazySweep = s.choice("sweep", ["lazy", "eager"], DEFAULT_SWEEP) === "lazy";
    this.trigger = new GrowthTrigger(s.number("min-heap", 4 << 20), s.number("growth", 2));
  }

  protected init(): void {
    this.space = new FreeListSpace(this.heap.os, this.heap.memory);
    this.los = new LargeObjectSpace(this.heap.os);
    this.marker = new Marker(this.heap.memory, this.heap.model);
    this.marker.reportTo = this.heap.events;
  }

  protected allocBlock(size: number, _t: TypeInfo): number {
    if (this.trigger.due(this.usedBytes() - this.unsweptDead + size)) this.collect(0, "allocation");
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
  protected runCollection(generation: number, reason: CollectReason): number {
    // Dead objects the last lazy sweep has not reached were counted by the last collection: free them first.
    this.finishSweep();
    const t = this.beginGc(generation, reason);
    const marker = this.marker;
    this.markFromRoots(marker);
    const _u32 = () => this.heap.memory.u32;
    this.processReferences(marker.liveness());
    // Found dead: everything not marked (counted now, whether swept now or later).
    const dead = this.objects - marker.marked;
    const deadBytes = this.objectBytes - marker.markedBytes;
    this.sweepLarge(this.los);
    // Only collections the allocator asked for sweep lazily (the pause is what lazy sweeping saves); an
    // explicit one (gc.collect(), System.gc()) sweeps now, so the stats read after it count no dead bytes.
    if (this.lazySweep && reason !== "explicit" && reason !== "shutdown") {
      this.unsweptDead = this.objectBytes - marker.markedBytes;
      this.space.beginLazySweep((o) => {
        this.unsweptDead -= sizeOf(this.heap.memory.u32, o);
        this.reclaim(o);
      });
    } else this.space.sweep((o) => this.reclaim(o));
    t.collected = dead;
    t.freedBytes = deadBytes;
    this.trigger.reset(this.usedBytes() - this.unsweptDead, this.heap.os.limitBytes);
    this.endGc(t);
    return t.collected;
  }

  /** Completes a pending lazy sweep. After: no object carries MARK and every dead block is free. */
  private finishSweep(): void {
    if (this.space.sweeping) this.space.finishSweep();
    this.unsweptDead = 0;
  }

  forEachObject(visit: (obj: number) => void): void {
    this.finishSweep(); // walkers see only objects the last collection left alive
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

/** How `mark-sweep` sweeps unless told: the faster on binary-trees depth 16 (see bench/run.ts). */
export const DEFAULT_SWEEP: "lazy" | "eager" = "lazy";

/**
 * Makes a `mark-sweep` strategy. Settings: `min-heap` (bytes before the first collection), `growth`,
 * `sweep` (`"lazy"` or `"eager"`, default `DEFAULT_SWEEP`).
 * @example
 * const rt = new Runtime(createMarkSweep({ settings: { sweep: "eager" } }));
 */
export function createMarkSweep(options: StrategyOptions = {}): MarkSweepPlan {
  return new MarkSweepPlan(options);
}
