import type { CollectReason, StrategyOptions, TypeInfo } from "@heaplab/runtime";
import type { CardTable } from "../../core/card-table";
import { CheneyCopier } from "../../core/cheney";
import { GenerationalCards } from "../../core/generational";
import { allocOrGrow, tryAddRegion } from "../../core/grow";
import { SlidingCompactor } from "../../core/lisp2";
import { Marker } from "../../core/mark";
import { type GcTally, TracingPlan } from "../../core/plan-base";
import { PromotionGuarantee } from "../../core/promotion-guarantee";
import { PlanSettings } from "../../core/settings";
import { Tenuring } from "../../core/tenuring";
import { MAX_AGE } from "../../header";
import { BumpSpace } from "../../spaces/bump-space";
import {
  CARD_SHIFT,
  generationSizes,
  JVM_SERIAL_CONSTRAINTS,
  JVM_SERIAL_SETTINGS,
  MAX_TENURING_THRESHOLD,
  NEW_RATIO,
  SURVIVOR_RATIO,
  TARGET_SURVIVOR_RATIO,
  TENURED_GROWTH_BYTES,
} from "./constraints";
import { ageLine, causeOf, pauseLine } from "./log";

const EDEN = 1;
const SURVIVOR_A = 2;
const SURVIVOR_B = 3;
const TENURED = 4;

/** One pause: its collection and what its `-Xlog:gc` line needs. */
interface Pause {
  t: GcTally;
  id: number;
  usedBefore: number;
  reason: CollectReason;
}

/**
 * `jvm-serial`: HotSpot's Serial collector, Jython's world. A young generation of eden and two survivor
 * spaces (SurvivorRatio 8, NewRatio 2) collected by Cheney copying with an age table and the adaptive
 * tenuring threshold (up to 15); a tenured generation collected, with everything else, by Lisp-2
 * mark-compact; a 512-byte-card table kept by the write barrier finds old-to-young references; a
 * promotion failure self-forwards, finishes the scavenge and falls back to a full collection, as
 * HotSpot does. Each pause logs a `-Xlog:gc` line as a `log` event.
 *
 * @example
 * const rt = new Runtime(new JvmSerialPlan({ settings: { "initial-heap": 24 << 20 } }));
 * rt.events.on((e) => e.type === "log" && console.log(e.text));
 */
export class JvmSerialPlan extends TracingPlan {
  readonly name = "jvm-serial";
  readonly description =
    "HotSpot Serial: eden + two survivors (copying, ages, adaptive tenuring), mark-compact tenured, 512-byte cards";
  readonly constraints = JVM_SERIAL_CONSTRAINTS;
  private eden!: BumpSpace;
  private from!: BumpSpace;
  private to!: BumpSpace;
  private tenured!: BumpSpace;
  private gen!: GenerationalCards;
  private cards!: CardTable;
  private copier!: CheneyCopier;
  private marker!: Marker;
  private compactor!: SlidingCompactor;
  private readonly tenuring: Tenuring;
  private readonly guarantee = new PromotionGuarantee();
  private readonly initialHeap: number;
  private readonly survivorRatio: number;
  private readonly newRatio: number;
  private gcId = 0;
  /** Set when a full collection had to leave objects in the to-space: the next collection is full. */
  private toSpaceOccupied = false;

  constructor(options: StrategyOptions) {
    super();
    const s = new PlanSettings(this.name, this.constraints, options, JVM_SERIAL_SETTINGS);
    // 24 MiB, or three quarters of a smaller heap: the spaces round up to 64 KiB granules and the
    // auxiliary storage needs room beside them.
    this.initialHeap = s.number("initial-heap", Math.min(24 << 20, (s.limit * 3) / 4));
    // HotSpot's ranges: a ratio of 0 (or less) would divide the young generation by zero.
    this.survivorRatio = s.number("survivor-ratio", SURVIVOR_RATIO, { min: 1 });
    this.newRatio = s.number("new-ratio", NEW_RATIO, { min: 1 });
    this.tenuring = new Tenuring(
      s.number("max-tenuring-threshold", MAX_TENURING_THRESHOLD, { min: 0, max: MAX_AGE }),
      TARGET_SURVIVOR_RATIO,
    );
  }

  /** The tenuring threshold the next scavenge uses. */
  get tenuringThreshold(): number {
    return this.tenuring.threshold;
  }

  protected init(): void {
    const { os, memory, model } = this.heap;
    const sizes = generationSizes(this.initialHeap, this.newRatio, this.survivorRatio);
    this.eden = new BumpSpace("eden", EDEN, os, this.spaceMap);
    this.from = new BumpSpace("from", SURVIVOR_A, os, this.spaceMap);
    this.to = new BumpSpace("to", SURVIVOR_B, os, this.spaceMap);
    this.tenured = new BumpSpace("tenured", TENURED, os, this.spaceMap);
    this.from.addRegion(sizes.survivor);
    this.to.addRegion(sizes.survivor);
    this.eden.addRegion(sizes.eden);
    this.tenured.addRegion(sizes.tenured);
    this.gen = new GenerationalCards(memory, model, CARD_SHIFT, (a) => (this.isYoung(a) ? 0 : 1));
    this.cards = this.gen.cards;
    this.marker = new Marker(memory, model);
    this.marker.reportTo = this.heap.events;
    this.compactor = new SlidingCompactor(memory, model);
    const promote = this.promote;
    this.copier = new CheneyCopier(
      memory,
      model,
      (o) => {
        const s = this.spaceMap.spaceOf(o);
        return s === EDEN || s === this.from.id;
      },
      () => false,
      (o, size) => this.tenuring.destination(memory.u32, o, size, this.to, promote),
    );
    this.copier.onCopy = (_from, to, size) => {
      if (this.spaceMap.spaceOf(to) === this.to.id) this.tenuring.survived(this.heap.memory.u32, to, size);
    };
    // A promoted object that refers to a young one needs its card (young objects never do: generation 0).
    this.copier.onScanned = (obj) => this.gen.rememberIfYounger(obj);
  }

  // ------------------------------------------------------------------ allocation and barrier

  /** 0 in eden or a survivor space, 1 in tenured. */
  override generationOf(obj: number): number {
    return this.isYoung(obj) ? 0 : 1;
  }

  private isYoung(a: number): boolean {
    const s = this.spaceMap.spaceOf(a);
    return s === EDEN || s === SURVIVOR_A || s === SURVIVOR_B;
  }

  /** Bump-allocates in tenured (expanding it if the heap limit allows), keeping the block-offset table. */
  private allocOld(size: number, expand: boolean): number {
    const b = expand ? allocOrGrow(this.tenured, size, TENURED_GROWTH_BYTES) : this.tenured.alloc(size);
    if (b !== 0) this.cards.recordBlock(b, size);
    return b;
  }

  protected allocBlock(size: number, _t: TypeInfo): number {
    // Too large for the young generation: straight into tenured (a full collection first if it is full).
    if (size > this.eden.capacityBytes() / 2)
      return this.allocOld(size, false) || this.allocAfterCollecting(size, this.promote, [1]);
    return this.eden.alloc(size) || this.allocAfterCollecting(size, this.bumpEden, [0, 1]);
  }

  private readonly bumpEden = (size: number) => this.eden.alloc(size);
  /** Into tenured, expanding it if the limit allows (a promotion, or an object too large for eden). */
  private readonly promote = (size: number) => this.allocOld(size, true);

  /** The post-write barrier: dirty the card of the object written into (HotSpot's unconditional card mark). */
  override writeRef(obj: number, slot: number, value: number): void {
    this.heap.memory.u32[slot >>> 2] = value;
    this.cards.bytes[obj >>> CARD_SHIFT] = 0;
  }

  // ------------------------------------------------------------------ collections

  protected runCollection(generation: number, reason: CollectReason): number {
    return generation === 0 ? this.collectYoung(reason) : this.collectFull(reason);
  }

  /**
   * A scavenge (DefNew), unless a full collection is safer. Before: `to` is empty. After, on success:
   * eden and `from` are empty, survivors are in the new `from` (aged) or promoted to tenured, cards
   * cover every old-to-young reference. On promotion failure the scavenge completes with self-forwarded
   * objects left in place, then a full collection follows.
   */
  private collectYoung(reason: CollectReason): number {
    const room = this.tenured.freeBytes() + (this.heap.os.limitBytes - this.heap.os.heldBytes);
    if (this.toSpaceOccupied || !this.guarantee.isSafe(room, this.eden.usedBytes() + this.from.usedBytes()))
      return this.collectFull(reason);
    const pause = this.beginPause(0, reason);
    const { t } = pause;
    this.tenuring.begin();
    this.to.reset();
    const oldTops = [...this.tenured.tops];
    const scan = (o: number) => this.heap.model.scan(o, this.copier, "dealloc");
    this.copyLive(
      this.copier,
      [this.to, this.tenured],
      () => this.gen.scanDirtyCards(this.tenured, oldTops, scan),
      (o) => this.cards.dirty(o),
    );
    t.movedBytes = this.copier.movedBytes;
    t.promotedBytes = this.tenuring.promotedBytes;
    this.guarantee.record(t.promotedBytes);
    if (this.tenuring.promotionFailed) {
      this.reclaimAfterFailedCopy([this.eden, this.from]);
      this.log(`[gc,promotion] GC(${pause.id}) Promotion failed`);
      // Spaces are not swapped: the copies stay in `to` until the full collection compacts them away.
      this.toSpaceOccupied = true;
      this.endPause(pause, "Young");
      return t.collected + this.collectFull(reason);
    }
    this.reclaimUncopied([this.eden, this.from]);
    [this.from, this.to] = [this.to, this.from];
    const desired = this.tenuring.adapt(this.from.capacityBytes());
    this.log(ageLine(desired, this.tenuring.threshold, this.tenuring.maxThreshold));
    this.endPause(pause, "Young");
    return t.collected;
  }

  /**
   * Serial full GC: mark, compute new addresses, adjust pointers, move, over tenured, eden, from and to
   * (in that order, so survivors slide into tenured first). Before: any state a scavenge leaves. After:
   * survivors compacted toward tenured, cards dirty wherever a young object may be referenced from
   * tenured, the block-offset table rebuilt.
   */
  private collectFull(reason: CollectReason): number {
    // Make room for everything in tenured if the limit allows (HotSpot expands before compacting).
    const young = this.eden.usedBytes() + this.from.usedBytes() + this.to.usedBytes();
    const free = this.tenured.freeBytes();
    if (free < young) tryAddRegion(this.tenured, Math.max(young - free, TENURED_GROWTH_BYTES));
    const pause = this.beginPause(1, reason);
    this.markFromRoots(this.marker);
    this.processReferences(this.marker.liveness());
    pause.t.movedBytes = this.slidingCompact(this.compactor, [[this.tenured, this.eden, this.from, this.to]]);
    // Survivors that did not fit in tenured stay young: keep them in `from`, so `to` is empty if it can be.
    if (this.to.usedBytes() > 0 && this.from.usedBytes() === 0) [this.from, this.to] = [this.to, this.from];
    this.toSpaceOccupied = this.to.usedBytes() > 0;
    const youngEmpty = this.eden.usedBytes() + this.from.usedBytes() + this.to.usedBytes() === 0;
    // maintain_old_to_young_invariant: with young objects left, every used old card is dirty.
    this.gen.rebuildSpace(this.tenured, youngEmpty ? "none" : "every-used-card");
    this.tenured.rewind();
    this.endPause(pause, "Full");
    return pause.t.collected;
  }

  /** Opens a collection and notes what its pause line reports. */
  private beginPause(generation: number, reason: CollectReason): Pause {
    const t = this.beginGc(generation, reason);
    return { t, id: this.gcId++, usedBefore: this.heapUsed(), reason };
  }

  /** Closes the collection and logs its `-Xlog:gc` pause line. */
  private endPause(p: Pause, kind: "Young" | "Full"): void {
    const ms = this.endGc(p.t);
    this.log(pauseLine(p.id, kind, causeOf(p.reason), p.usedBefore, this.heapUsed(), this.capacity(), ms));
  }

  // ------------------------------------------------------------------ walking, counters, verification

  private heapUsed(): number {
    return this.eden.usedBytes() + this.from.usedBytes() + this.tenured.usedBytes();
  }

  private capacity(): number {
    return this.eden.capacityBytes() + this.from.capacityBytes() + this.tenured.capacityBytes();
  }

  forEachObject(visit: (obj: number) => void): void {
    const u32 = this.heap.memory.u32;
    for (const s of [this.tenured, this.eden, this.from, this.to]) s.forEachObject(visit, u32);
  }

  /** Occupancy of each space, for logs and the demo. */
  spaces(): { name: string; used: number; capacity: number }[] {
    return [this.eden, this.from, this.to, this.tenured].map((s) => ({
      name: s === this.from ? "from" : s === this.to ? "to" : s.name,
      used: s.usedBytes(),
      capacity: s.capacityBytes(),
    }));
  }

  protected verifyPlan(live: Set<number>): void {
    if (!this.toSpaceOccupied && this.to.usedBytes() !== 0)
      this.fail("the to survivor space is not empty between collections", this.to.starts[0]!);
    this.gen.verifyRememberedSet(live, (m, a) => this.fail(m, a));
  }
}

/**
 * Makes a `jvm-serial` strategy. Settings: `initial-heap` (bytes; young = 1/(NewRatio+1) of it),
 * `survivor-ratio` (8), `new-ratio` (2), `max-tenuring-threshold` (15).
 * @example
 * const rt = new Runtime(createJvmSerial({ settings: { "initial-heap": 8 << 20 } }));
 */
export function createJvmSerial(options: StrategyOptions = {}): JvmSerialPlan {
  return new JvmSerialPlan(options);
}
