import type { CollectReason, StrategyOptions, TypeInfo } from "@heaplab/runtime";
import { AgeTable } from "../../core/age-table";
import type { CardTable } from "../../core/card-table";
import { CheneyCopier } from "../../core/cheney";
import { GenerationalCards } from "../../core/generational";
import { heapFull, tryAddRegion } from "../../core/grow";
import { SlidingCompactor } from "../../core/lisp2";
import { Marker } from "../../core/mark";
import { TracingPlan } from "../../core/plan-base";
import { PlanSettings } from "../../core/settings";
import {
  ageOf,
  clearForwardee,
  FORWARDED,
  FREE,
  forwardeeOf,
  MAX_AGE,
  setAge,
  setStatus,
  statusOf,
} from "../../header";
import { SpaceMap } from "../../space-map";
import { BumpSpace } from "../../spaces/bump-space";
import {
  CARD_SHIFT,
  JVM_SERIAL_CONSTRAINTS,
  MAX_TENURING_THRESHOLD,
  NEW_RATIO,
  SURVIVOR_RATIO,
  TARGET_SURVIVOR_RATIO,
} from "./constraints";
import { causeOf, pauseLine } from "./log";

const EDEN = 1;
const SURVIVOR_A = 2;
const SURVIVOR_B = 3;
const TENURED = 4;

/** Rounds up to the space map's 64 KiB granule. */
function granules(bytes: number): number {
  return Math.max(SpaceMap.GRANULE, Math.ceil(bytes / SpaceMap.GRANULE) * SpaceMap.GRANULE);
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
  private readonly ages = new AgeTable();
  /** The tenuring threshold the next scavenge uses. */
  tenuringThreshold: number;
  private readonly maxTenuringThreshold: number;
  private readonly initialHeap: number;
  private readonly survivorRatio: number;
  private readonly newRatio: number;
  private gcId = 0;
  private promotionFailed = false;
  private avgPromoted = 0;
  private copyPromoted = 0;
  /** Set when a full collection had to leave objects in the to-space: the next collection is full. */
  private toSpaceOccupied = false;

  constructor(options: StrategyOptions) {
    super();
    const s = new PlanSettings(this.name, this.constraints, options, [
      "initial-heap",
      "survivor-ratio",
      "new-ratio",
      "max-tenuring-threshold",
    ]);
    // 24 MiB, or three quarters of a smaller heap: the spaces round up to 64 KiB granules and the
    // auxiliary storage needs room beside them.
    this.initialHeap = s.number("initial-heap", Math.min(24 << 20, (s.limit * 3) / 4));
    this.survivorRatio = s.number("survivor-ratio", SURVIVOR_RATIO);
    this.newRatio = s.number("new-ratio", NEW_RATIO);
    this.maxTenuringThreshold = s.number("max-tenuring-threshold", MAX_TENURING_THRESHOLD);
    this.tenuringThreshold = this.maxTenuringThreshold;
  }

  protected init(): void {
    const { os, memory, model } = this.heap;
    const young = this.initialHeap / (this.newRatio + 1);
    const survivor = granules(young / (this.survivorRatio + 2));
    this.eden = new BumpSpace("eden", EDEN, os, this.spaceMap);
    this.from = new BumpSpace("from", SURVIVOR_A, os, this.spaceMap);
    this.to = new BumpSpace("to", SURVIVOR_B, os, this.spaceMap);
    this.tenured = new BumpSpace("tenured", TENURED, os, this.spaceMap);
    this.from.addRegion(survivor);
    this.to.addRegion(survivor);
    this.eden.addRegion(granules(survivor * this.survivorRatio));
    this.tenured.addRegion(granules(this.initialHeap - young));
    this.gen = new GenerationalCards(memory, model, CARD_SHIFT, (a) => (this.isYoung(a) ? 0 : 1));
    this.cards = this.gen.cards;
    this.marker = new Marker(memory, model);
    this.marker.reportTo = this.heap.events;
    this.compactor = new SlidingCompactor(memory, model);
    this.copier = new CheneyCopier(
      memory,
      model,
      (o) => {
        const s = this.spaceMap.spaceOf(o);
        return s === EDEN || s === this.from.id;
      },
      () => false,
      (o, size) => this.copyDestination(o, size),
    );
    this.copier.onCopy = (_from, to, size) => this.afterCopy(to, size);
    this.copier.onScanned = (obj) => {
      if (this.spaceMap.spaceOf(obj) === TENURED && this.gen.hasYoungerRef(obj)) this.cards.dirty(obj);
    };
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
    let b = this.tenured.alloc(size);
    if (b === 0 && expand && tryAddRegion(this.tenured, Math.max(size, 4 << 20)))
      b = this.tenured.alloc(size);
    if (b !== 0) this.cards.recordBlock(b, size);
    return b;
  }

  protected allocBlock(size: number, _t: TypeInfo): number {
    if (size > this.eden.capacityBytes() / 2) {
      // Too large for the young generation: straight into tenured.
      let b = this.allocOld(size, false);
      if (b === 0) {
        this.collect(1, "allocation");
        b = this.allocOld(size, true);
      }
      if (b === 0)
        throw heapFull(this.name, size, this.usedBytes(), this.heap.os.limitBytes, this.heap.os.heldBytes);
      return b;
    }
    let b = this.eden.alloc(size);
    if (b !== 0) return b;
    this.collect(0, "allocation");
    b = this.eden.alloc(size);
    if (b !== 0) return b;
    this.collect(1, "allocation");
    b = this.eden.alloc(size);
    if (b === 0)
      throw heapFull(this.name, size, this.usedBytes(), this.heap.os.limitBytes, this.heap.os.heldBytes);
    return b;
  }

  /** The post-write barrier: dirty the card of the object written into (HotSpot's unconditional card mark). */
  override writeRef(obj: number, slot: number, value: number): void {
    this.heap.memory.u32[slot >>> 2] = value;
    this.cards.bytes[obj >>> CARD_SHIFT] = 0;
  }

  // ------------------------------------------------------------------ young collection

  private copyDestination(obj: number, size: number): number {
    const age = ageOf(this.heap.memory.u32, obj);
    if (age < this.tenuringThreshold) {
      const b = this.to.alloc(size);
      if (b !== 0) return b;
    }
    const b = this.allocOld(size, true);
    if (b === 0) this.promotionFailed = true;
    else this.copyPromoted += size;
    return b;
  }

  private afterCopy(to: number, size: number): void {
    if (this.spaceMap.spaceOf(to) !== this.to.id) return;
    const u32 = this.heap.memory.u32;
    const age = Math.min(MAX_AGE, ageOf(u32, to) + 1);
    setAge(u32, to, age);
    this.ages.add(age, size);
  }

  /** Whether the old generation can take the worst promotion we expect (HotSpot's promotion guarantee). */
  private promotionIsSafe(): boolean {
    const available = this.tenured.freeBytes() + (this.heap.os.limitBytes - this.heap.os.heldBytes);
    const youngUsed = this.eden.usedBytes() + this.from.usedBytes();
    return available >= Math.min(this.avgPromoted * 1.5, youngUsed);
  }

  /**
   * A scavenge (DefNew). Before: `to` is empty. After, on success: eden and `from` are empty, survivors
   * are in the new `from` (aged) or promoted to tenured, cards cover every old-to-young reference.
   * On promotion failure the scavenge completes with self-forwarded objects left in place, then a full
   * collection follows.
   */
  private collectYoung(reason: CollectReason): number {
    if (this.toSpaceOccupied || !this.promotionIsSafe()) return this.collectFull(reason);
    const t = this.beginGc(0, reason);
    const id = this.gcId++;
    const usedBefore = this.heapUsed();
    const c = this.copier;
    c.moveHook = this.heap.events.tracing ? (a, b) => this.heap.events.move(a, b) : null;
    this.ages.clear();
    this.promotionFailed = false;
    this.copyPromoted = 0;
    this.to.reset();
    const oldTops = [...this.tenured.tops];
    c.begin([this.to, this.tenured]);
    this.forEachRoot((a) => c.evacuate(a));
    const model = this.heap.model;
    this.gen.scanDirtyCards(this.tenured, oldTops, (o) => model.scan(o, c, "dealloc"));
    c.drain();
    this.processReferences(c.liveness((o) => this.cards.dirty(o)));
    this.forwardRegistries((o) => c.current(o));
    t.movedBytes = c.movedBytes;
    t.promotedBytes = this.copyPromoted;
    this.avgPromoted =
      this.avgPromoted === 0 ? this.copyPromoted : this.avgPromoted * 0.7 + this.copyPromoted * 0.3;
    const u32 = this.heap.memory.u32;
    if (!this.promotionFailed) {
      this.reclaimUncopied([this.eden, this.from]);
      const old = this.from;
      this.from = this.to;
      this.to = old;
      const cap = this.from.capacityBytes();
      this.tenuringThreshold = this.ages.tenuringThreshold(
        cap,
        TARGET_SURVIVOR_RATIO,
        this.maxTenuringThreshold,
      );
      this.log(
        `[gc,age] Desired survivor size ${this.ages.desiredSurvivorSize(cap, TARGET_SURVIVOR_RATIO)} bytes, new threshold ${this.tenuringThreshold} (max threshold ${this.maxTenuringThreshold})`,
      );
      const pause = this.endGc(t);
      this.log(pauseLine(id, "Young", causeOf(reason), usedBefore, this.heapUsed(), this.capacity(), pause));
      return t.collected;
    }
    // Promotion failure: dead objects are reclaimed and become fillers, stale originals of copied
    // objects become fillers, self-forwarded objects get their headers back.
    for (const s of [this.eden, this.from])
      s.forEachBlock((o) => {
        const st = statusOf(u32, o);
        if ((st & FREE) !== 0) return;
        if ((st & FORWARDED) === 0) this.reclaim(o);
        else if (forwardeeOf(u32, o) === o) {
          clearForwardee(u32, o);
          return;
        }
        setStatus(u32, o, FREE);
      }, u32);
    this.log(`[gc,promotion] GC(${id}) Promotion failed`);
    // Spaces are not swapped: the copies stay in `to` until the full collection compacts them away.
    this.toSpaceOccupied = true;
    const pause = this.endGc(t);
    this.log(pauseLine(id, "Young", causeOf(reason), usedBefore, this.heapUsed(), this.capacity(), pause));
    return t.collected + this.collectFull(reason);
  }

  // ------------------------------------------------------------------ full collection

  /**
   * Serial full GC: mark, compute new addresses, adjust pointers, move, over tenured, eden, from and to
   * (in that order, so survivors slide into tenured first). Before: any state a scavenge leaves. After:
   * survivors compacted toward tenured, cards dirty wherever a young object may be referenced from
   * tenured, the block-offset table rebuilt.
   */
  private collectFull(reason: CollectReason): number {
    // Make room for everything in tenured if the limit allows (HotSpot expands before compacting).
    const young = this.eden.usedBytes() + this.from.usedBytes() + this.to.usedBytes();
    if (this.tenured.freeBytes() < young)
      tryAddRegion(this.tenured, Math.max(young - this.tenured.freeBytes(), 4 << 20));
    const t = this.beginGc(1, reason);
    const id = this.gcId++;
    const usedBefore = this.heapUsed();
    const { marker, compactor } = this;
    const _u32 = () => this.heap.memory.u32;
    this.markFromRoots(marker);
    this.processReferences(marker.liveness());
    t.movedBytes = this.slidingCompact(compactor, [[this.tenured, this.eden, this.from, this.to]]);
    this.afterFullGc();
    const pause = this.endGc(t);
    this.log(pauseLine(id, "Full", causeOf(reason), usedBefore, this.heapUsed(), this.capacity(), pause));
    return t.collected;
  }

  private afterFullGc(): void {
    const { tenured } = this;
    if (this.to.usedBytes() > 0 && this.from.usedBytes() === 0) {
      const old = this.from;
      this.from = this.to;
      this.to = old;
    }
    this.toSpaceOccupied = this.to.usedBytes() > 0;
    const youngEmpty = this.eden.usedBytes() + this.from.usedBytes() + this.to.usedBytes() === 0;
    // maintain_old_to_young_invariant: with young objects left, every used old card is dirty.
    for (let r = 0; r < tenured.starts.length; r++)
      this.gen.rebuildRegion(tenured, r, youngEmpty ? "none" : "every-used-card");
    this.tenured.rewind();
  }

  protected runCollection(generation: number, reason: CollectReason): number {
    return generation === 0 ? this.collectYoung(reason) : this.collectFull(reason);
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
    for (const o of live) {
      if (this.spaceMap.spaceOf(o) !== TENURED) continue;
      if (this.gen.hasYoungerRef(o) && !this.cards.isDirty(o))
        this.fail("a tenured object refers to a young object but its card is clean", o);
    }
  }
}

/**
 * Makes a `jvm-serial` strategy. Settings: `initial-heap` (bytes; young = 1/(NewRatio+1) of it),
 * `survivor-ratio` (8), `new-ratio` (2), `max-tenuring-threshold` (15).
 */
export function createJvmSerial(options: StrategyOptions = {}): JvmSerialPlan {
  return new JvmSerialPlan(options);
}
