import type { CollectReason, StrategyOptions, TypeInfo } from "@heaplab/runtime";
import { CheneyCopier } from "../../core/cheney";
import { CopyReserve } from "../../core/copy-reserve";
import { GenerationalCards } from "../../core/generational";
import { allocOrGrow } from "../../core/grow";
import { Marker } from "../../core/mark";
import { TracingPlan } from "../../core/plan-base";
import { PlanSettings } from "../../core/settings";
import { GrowthTrigger } from "../../core/trigger";
import { HEADER_BYTES } from "../../header";
import { BumpSpace } from "../../spaces/bump-space";
import { LargeObjectSpace } from "../../spaces/large-object-space";
import {
  CARD_SHIFT,
  GENCOPY_CONSTRAINTS,
  GENCOPY_LOS_BLOCK,
  MATURE_A,
  MATURE_B,
  NURSERY,
} from "./constraints";

/**
 * `gencopy`: MMTk's GenCopy, built only from shared pieces. New objects bump in a nursery; a nursery
 * collection (when the nursery is full) copies its survivors straight into the mature space, with the
 * roots and the objects on dirty cards (the write barrier's remembered set) as its roots; a full
 * collection (when the mature space passes its growth trigger, or cannot take the nursery's worst case)
 * copies everything reachable from the nursery and the mature space into the other mature half, as
 * `semispace` does, and sweeps the large objects. Every survivor of a nursery collection is promoted,
 * so after any collection the nursery is empty and no card needs to stay dirty.
 *
 * @example
 * const rt = new Runtime(createGenCopy({ settings: { "nursery-bytes": 1 << 20 } }), { heapLimit: 64 << 20 });
 */
export class GenCopyPlan extends TracingPlan {
  readonly name = "gencopy";
  readonly description =
    "MMTk GenCopy: a copying nursery promoting into a copying mature space (two halves), cards, large-object space";
  readonly constraints = GENCOPY_CONSTRAINTS;
  private nursery!: BumpSpace;
  /** The mature half objects live in, and the one a full collection copies into. */
  private mature!: BumpSpace;
  private reserveHalf!: BumpSpace;
  private los!: LargeObjectSpace;
  private gen!: GenerationalCards;
  private copier!: CheneyCopier;
  private reserve!: CopyReserve;
  /** Which spaces the running collection copies out of (indexed by space id). */
  private readonly condemned = new Uint8Array(4);
  private copyTo!: BumpSpace;
  private readonly nurseryBytes: number;
  private readonly matureTrigger: GrowthTrigger;
  private readonly losTrigger: GrowthTrigger;

  constructor(options: StrategyOptions) {
    super();
    const s = new PlanSettings(this.name, this.constraints, options, ["nursery-bytes", "min-heap"]);
    // The nursery never grows: an empty one could hold nothing.
    this.nurseryBytes = s.number("nursery-bytes", Math.min(4 << 20, s.limit / 16), { min: 1 });
    this.matureTrigger = new GrowthTrigger(s.number("min-heap", Math.min(8 << 20, s.limit / 4)), 2);
    this.losTrigger = new GrowthTrigger(this.matureTrigger.minBytes, 2);
  }

  /** 0 in the nursery, 1 in the mature space or the large-object space. */
  override generationOf(obj: number): number {
    return this.spaceMap.spaceOf(obj) === NURSERY ? 0 : 1;
  }

  protected init(): void {
    const { os, memory, model } = this.heap;
    this.nursery = new BumpSpace("nursery", NURSERY, os, this.spaceMap);
    this.mature = new BumpSpace("mature-a", MATURE_A, os, this.spaceMap);
    this.reserveHalf = new BumpSpace("mature-b", MATURE_B, os, this.spaceMap);
    this.nursery.addRegion(this.nurseryBytes);
    this.mature.addRegion(this.nurseryBytes);
    this.los = new LargeObjectSpace(os);
    this.gen = new GenerationalCards(memory, model, CARD_SHIFT, (a) =>
      this.spaceMap.spaceOf(a) === NURSERY ? 0 : 1,
    );
    this.copier = new CheneyCopier(
      memory,
      model,
      (o) => this.condemned[this.spaceMap.spaceOf(o)] === 1,
      (o) => this.condemned[0] === 1 && this.spaceMap.spaceOf(o) === 0,
      (o, size) =>
        allocOrGrow(this.copyTo, size, this.nurseryBytes) || this.fail(`no room to copy ${size} bytes`, o),
    );
    // Copies land in the mature space: record them in the block-offset table for later card scans.
    this.copier.onCopy = (_from, to, size) => this.gen.cards.recordBlock(to - HEADER_BYTES, size);
    this.reserve = new CopyReserve(
      this.name,
      os,
      memory,
      new Marker(memory, model),
      this.los,
      GENCOPY_LOS_BLOCK,
      (m) => this.markFromRoots(m, true),
    );
  }

  protected allocBlock(size: number, _t: TypeInfo): number {
    if (size > GENCOPY_LOS_BLOCK) return this.allocInLargeSpace(this.los, this.losTrigger, size, 1);
    return this.nursery.alloc(size) || this.allocAfterCollecting(size, this.bumpNursery, [0, 1]);
  }

  private readonly bumpNursery = (size: number) => this.nursery.alloc(size);

  /** The card barrier: an old object (mature or large) that now refers to a nursery object is remembered. */
  override writeRef(obj: number, slot: number, value: number): void {
    this.heap.memory.u32[slot >>> 2] = value;
    if (value !== 0 && this.spaceMap.spaceOf(value) === NURSERY && this.spaceMap.spaceOf(obj) !== NURSERY)
      this.gen.cards.dirty(obj);
  }

  /**
   * A nursery collection (generation 0) unless the mature space is due or cannot take every nursery
   * object (then a full one). Before: the reserve half is empty, no object carries MARK or FORWARDED.
   * After: the nursery and the reserve half are empty, every card is clean, the dead are reclaimed.
   */
  protected runCollection(generation: number, reason: CollectReason): number {
    // Full when asked, when the mature space is due, or when the nursery's survivors would not fit in it.
    const full =
      generation > 0 ||
      this.matureTrigger.due(this.mature.usedBytes()) ||
      !this.reserve.makeRoom(this.mature, [this.nursery], [this.mature]);
    if (full) this.reserve.ensure(this.reserveHalf, [this.nursery, this.mature]);
    const t = this.beginGc(full ? 1 : 0, reason);
    const from = full ? [this.nursery, this.mature] : [this.nursery];
    this.condemned.fill(0);
    for (const s of from) this.condemned[s.id] = 1;
    this.condemned[0] = full ? 1 : 0;
    this.copyTo = full ? this.reserveHalf : this.mature;
    const oldTops = [...this.mature.tops];
    this.copyLive(this.copier, [this.copyTo], full ? undefined : () => this.scanRememberedSet(oldTops));
    this.reclaimUncopied(from);
    if (full) {
      this.sweepLarge(this.los);
      [this.mature, this.reserveHalf] = [this.reserveHalf, this.mature];
      this.matureTrigger.reset(this.mature.usedBytes(), this.heap.os.limitBytes);
      this.losTrigger.reset(this.los.usedBytes(), this.heap.os.limitBytes);
    }
    t.movedBytes = this.copier.movedBytes;
    t.promotedBytes = full ? 0 : this.copier.movedBytes;
    this.endGc(t);
    return t.collected;
  }

  /**
   * The remembered set of a nursery collection: the objects on dirty cards of the mature space (below
   * the tops before this collection) and the large objects whose card is dirty, scanned so the nursery
   * objects they refer to are evacuated; their cards end clean (nothing young survives).
   */
  private scanRememberedSet(oldTops: number[]): void {
    const scan = (o: number) => this.heap.model.scan(o, this.copier, "dealloc");
    this.gen.scanDirtyCards(this.mature, oldTops, scan);
    this.gen.scanDirtyObjects((visit) => this.los.forEachBlock(visit), scan);
  }

  forEachObject(visit: (obj: number) => void): void {
    const u32 = this.heap.memory.u32;
    this.mature.forEachBlock(visit, u32);
    this.nursery.forEachBlock(visit, u32);
    this.los.forEachBlock(visit);
  }

  protected verifyPlan(live: Set<number>): void {
    if (this.reserveHalf.usedBytes() !== 0)
      this.fail("the reserve mature half is not empty between collections", this.reserveHalf.starts[0] ?? 0);
    for (const o of live)
      if (this.spaceMap.spaceOf(o) === this.reserveHalf.id)
        this.fail("an object lives in the reserve half", o);
    this.gen.verifyRememberedSet(live, (m, a) => this.fail(m, a));
  }
}

/**
 * Makes a `gencopy` strategy. Settings: `nursery-bytes` (a sixteenth of the heap, at most 4 MiB), `min-heap` (mature bytes before the first full collection).
 * @example
 * const rt = new Runtime(createGenCopy(), { heapLimit: 64 << 20 });
 */
export function createGenCopy(options: StrategyOptions = {}): GenCopyPlan {
  return new GenCopyPlan(options);
}
