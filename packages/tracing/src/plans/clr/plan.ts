import type { CollectReason, StrategyOptions, TypeInfo } from "@heaplab/runtime";
import type { CardTable } from "../../core/card-table";
import { GenerationalCards } from "../../core/generational";
import { heapFull, tryAddRegion } from "../../core/grow";
import { SlidingCompactor } from "../../core/lisp2";
import { Marker } from "../../core/mark";
import { TracingPlan } from "../../core/plan-base";
import { measureRegion, sweepRegion } from "../../core/region-sweep";
import { PlanSettings } from "../../core/settings";
import { FORWARDED, FREE, MARK, PINNED, sizeOf, statusOf } from "../../header";
import { SpaceMap } from "../../space-map";
import { BumpSpace } from "../../spaces/bump-space";
import { FreeBlockSpace } from "../../spaces/free-block-space";
import { GenerationBudget } from "./budget";
import {
  ALLOCATION_TICK_BYTES,
  CARD_SHIFT,
  CLR_CONSTRAINTS,
  CLR_SETTINGS,
  LOH_THRESHOLD,
  REGION_BYTES,
  staticData,
} from "./constraints";
import {
  allocationTick,
  gcEnd,
  gcHeapStats,
  gcStart,
  lohCompact,
  pinObjectAtGcTime,
  reasonCode,
} from "./events";

const GEN0 = 1;
const GEN1 = 2;
const GEN2 = 3;
const LOH = 4;
const POOL = 5;
/** The generation of each space id (the LOH is logically gen2; 9 = not a generation). */
const GEN_OF_SPACE = Int8Array.from([9, 0, 1, 2, 2, 9]);
/** Index of the LOH in per-generation arrays (GCHeapStats' gen3). */
const LOH_INDEX = 3;

/** `GC.GetGCMemoryInfo()` for the last collection. */
export interface GcMemoryInfo {
  /** 1-based index of the collection (0 = none yet). */
  index: number;
  generation: number;
  compacted: boolean;
  promotedBytes: number;
  pinnedObjectsCount: number;
  /** Free space between live objects after the collection. */
  fragmentedBytes: number;
  finalizationPendingCount: number;
  /** Small-object-heap regions kept in their generation because they hold pinned objects. */
  demotedRegions: number;
  pauseMs: number;
}

/**
 * `clr`: the .NET CLR's workstation, non-concurrent GC, IronPython's world, composed from the shared
 * pieces. The small object heap is three generations of regions (bump spaces); gen0 is allocated in,
 * gen1 and gen2 are filled by promotion, which moves whole regions up a generation after their survivors
 * were compacted (Lisp-2, per generation) or swept in place, as the plan phase decides from
 * fragmentation. Each generation has an allocation budget that adapts to its survival rate; exhausting
 * gen0's triggers a GC of the oldest generation whose budget is also exhausted. Objects of 85,000 bytes
 * and more go to the large object heap, collected only with gen2 and swept (compacted only on request).
 * A card table (2 KiB card bytes, set only when the stored reference is ephemeral) plus a block-offset
 * table find old-to-young references. Pinned objects stay put and their regions are demoted. Every GC
 * logs `GCStart_V2`, `GCHeapStats_V2`, `GCEnd_V1` (and `GCAllocationTick_V4` every ~100 KB allocated).
 *
 * @example
 * const plan = createClr({ settings: { GCgen0size: 256 * 1024 } });
 * const rt = new Runtime(plan);
 * rt.events.on((e) => e.type === "log" && console.log(e.text)); // GCStart_V2 Count=1 Depth=0 Reason=0 Type=0
 * plan.collectionCount(0);
 */
export class ClrPlan extends TracingPlan {
  readonly name = "clr";
  readonly description =
    "CLR workstation GC: gen0/1/2 regions with adaptive budgets, compact-or-sweep plan phase, LOH, pinning, cards";
  readonly constraints = CLR_CONSTRAINTS;
  /** `GCSettings.LargeObjectHeapCompactionMode`: `CompactOnce` compacts the LOH in the next gen2 GC. */
  largeObjectHeapCompactionMode: "Default" | "CompactOnce" = "Default";
  private gens!: [BumpSpace, BumpSpace, BumpSpace];
  private loh!: FreeBlockSpace;
  /** Empty small-object regions waiting to be reused by gen0. */
  private pool!: BumpSpace;
  /** Bytes in the generations' free blocks, or -1 while unknown (during a collection); see `fragmentationBytes`. */
  private gensFreeBytes = -1;
  private gen!: GenerationalCards;
  private cards!: CardTable;
  private marker!: Marker;
  private compactor!: SlidingCompactor;
  /** gen0, gen1, gen2, LOH. */
  readonly budgets: GenerationBudget[];
  private readonly regionBytes: number;
  private readonly lohThreshold: number;
  private readonly lohCompactAlways: boolean;
  private readonly forceCompact: boolean;
  private readonly demotion: boolean;
  private readonly condemned = new Uint8Array(8);
  private gcIndex = 0;
  private tickBytes = 0;
  private triggeredByLarge = false;
  private info: GcMemoryInfo = {
    index: 0,
    generation: 0,
    compacted: false,
    promotedBytes: 0,
    pinnedObjectsCount: 0,
    fragmentedBytes: 0,
    finalizationPendingCount: 0,
    demotedRegions: 0,
    pauseMs: 0,
  };

  constructor(options: StrategyOptions) {
    super();
    const s = new PlanSettings(this.name, this.constraints, options, CLR_SETTINGS);
    const limit = s.limit;
    this.regionBytes = Math.max(
      SpaceMap.GRANULE,
      // Regions move whole between generations: a small heap needs small regions (a sixteenth of it).
      Math.ceil(s.number("GCRegionSize", Math.min(REGION_BYTES, limit / 16)) / SpaceMap.GRANULE) *
        SpaceMap.GRANULE,
    );
    // WKS gen0size = max(4/5 of an 8 MiB L3, 256 KiB) x 5/8 = 4 MiB, bounded by the heap.
    const gen0Min = s.number("GCgen0size", Math.min(4 << 20, Math.max(256 << 10, limit / 16)));
    const gen0Max = Math.max(gen0Min, s.number("GCGen0MaxBudget", Math.max(6 << 20, limit / 8)));
    const gen1Max = s.number("GCGen1MaxBudget", Math.max(6 << 20, limit / 8));
    this.budgets = staticData(gen0Min, gen0Max, gen1Max).map((sd, i) => new GenerationBudget(sd, i >= 2));
    this.lohThreshold = s.number("GCLOHThreshold", LOH_THRESHOLD);
    this.lohCompactAlways = s.number("GCLOHCompact", 0) !== 0;
    this.forceCompact = s.number("gcForceCompact", 0) !== 0;
    this.demotion = s.number("demotion", 1) !== 0;
  }

  protected init(): void {
    const { os, memory, model } = this.heap;
    const map = this.spaceMap;
    this.gens = [
      new BumpSpace("gen0", GEN0, os, map),
      new BumpSpace("gen1", GEN1, os, map),
      new BumpSpace("gen2", GEN2, os, map),
    ];
    this.loh = new FreeBlockSpace("loh", LOH, os, map, 1 << 20);
    this.pool = new BumpSpace("free-regions", POOL, os, map);
    this.gens[0].addRegion(this.regionBytes);
    this.gen = new GenerationalCards(memory, model, CARD_SHIFT, (a) => GEN_OF_SPACE[map.spaceOf(a)]!);
    this.cards = this.gen.cards;
    this.marker = new Marker(memory, model, (o) => this.condemned[this.spaceMap.spaceOf(o)] === 1);
    this.marker.reportTo = this.heap.events;
    this.compactor = new SlidingCompactor(memory, model);
  }

  // ------------------------------------------------------------------ managed APIs

  /** `GC.CollectionCount(gen)`: collections of `gen` or an older generation since the start. */
  collectionCount(gen: number): number {
    return this.collections[gen] ?? 0;
  }

  /** `GC.GetGeneration(obj)`: 0, 1 or 2 (large objects are gen2). */
  override generationOf(obj: number): number {
    return GEN_OF_SPACE[this.spaceMap.spaceOf(obj)]!;
  }

  /** `GC.GetGCMemoryInfo()` of the last collection. */
  gcMemoryInfo(): GcMemoryInfo {
    return { ...this.info };
  }

  /** Bytes in each generation and the LOH (objects and free blocks below the region tops). */
  generationSizes(): [number, number, number, number] {
    return [
      this.gens[0].usedBytes(),
      this.gens[1].usedBytes(),
      this.gens[2].usedBytes(),
      this.loh.usedBytes(),
    ];
  }

  // ------------------------------------------------------------------ allocation and barrier

  protected allocBlock(size: number, t: TypeInfo): number {
    if (size >= this.lohThreshold) return this.allocLarge(size, t);
    const budget = this.budgets[0]!;
    if (budget.used + size > budget.desired) this.collectForAllocation(false);
    budget.used += size;
    let b = this.gens[0].alloc(size);
    if (b === 0) b = this.allocInFreshRegion(size);
    this.tickBytes += size;
    if (this.tickBytes >= ALLOCATION_TICK_BYTES) this.allocationTick(t, size, false);
    return b;
  }

  /** gen0's regions are full but its budget is not: take a pooled region or map one, else collect gen2. */
  private allocInFreshRegion(size: number): number {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (this.addGen0Region(size)) {
        const b = this.gens[0].alloc(size);
        if (b !== 0) return b;
      }
      if (attempt === 0) this.collect(2, "memory-pressure");
      const b = this.gens[0].alloc(size);
      if (b !== 0) return b;
    }
    throw heapFull(this.name, size, this.usedBytes(), this.heap.os.limitBytes, this.heap.os.heldBytes);
  }

  /** Gives gen0 one more empty region (from the pool, else newly mapped); false if the OS refuses. */
  private addGen0Region(size: number): boolean {
    if (this.pool.moveRegionOfAtLeast(size, this.gens[0])) return true;
    if (!tryAddRegion(this.gens[0], Math.max(size, this.regionBytes))) return false;
    this.gens[0].useLastRegion();
    return true;
  }

  private allocLarge(size: number, t: TypeInfo): number {
    const budget = this.budgets[LOH_INDEX]!;
    if (budget.used + size > budget.desired) this.collectForAllocation(true);
    budget.used += size;
    let b = this.loh.allocFirstFit(size, this.heap.memory.u32);
    if (b === 0) {
      this.triggeredByLarge = true;
      this.collect(2, "memory-pressure");
      b = this.loh.allocFirstFit(size, this.heap.memory.u32);
    }
    if (b === 0)
      throw heapFull(this.name, size, this.usedBytes(), this.heap.os.limitBytes, this.heap.os.heldBytes);
    this.cards.recordBlock(b, size);
    this.tickBytes += size;
    this.allocationTick(t, size, true);
    return b;
  }

  private allocationTick(t: TypeInfo, size: number, large: boolean): void {
    this.log(allocationTick(this.tickBytes, large, t.name, size));
    this.tickBytes = 0;
  }

  /**
   * A budget ran out: collect the oldest generation whose budget is also exhausted (gen0's always is
   * here; gen1 if promotion filled its budget; gen2 if gen1 is condemned and gen2's budget is spent, or
   * if the LOH's is).
   */
  private collectForAllocation(large: boolean): void {
    let gen = 0;
    if (this.budgets[1]!.exhausted()) gen = 1;
    if (gen === 1 && this.budgets[2]!.exhausted()) gen = 2;
    if (large || this.budgets[LOH_INDEX]!.exhausted()) gen = 2;
    this.triggeredByLarge = large;
    this.collect(gen, "allocation");
  }

  /**
   * The JIT write barrier: store, then set the card byte of the object written into, but only when the
   * stored reference points into the ephemeral generations (gen0/gen1), as `JIT_WriteBarrier` checks.
   */
  override writeRef(obj: number, slot: number, value: number): void {
    this.heap.memory.u32[slot >>> 2] = value;
    if (value !== 0) {
      const id = this.spaceMap.spaceOf(value);
      if (id === GEN0 || id === GEN1) this.cards.bytes[obj >>> CARD_SHIFT] = 0;
    }
  }

  // ------------------------------------------------------------------ the collection

  /**
   * A blocking GC of `generation` (0, 1 or 2), the phases of `gc1`: mark (roots, the f-reachable queue,
   * and for ephemeral GCs the objects on set cards of older generations), plan (measure fragmentation,
   * decide compact or sweep), relocate + compact or sweep, promote (regions move up a generation unless
   * demoted), rebuild cards and bricks, compute new budgets.
   * Before: no object carries MARK or FORWARDED. After: the condemned generations' survivors are in the
   * next generation (or demoted), every old object referring to a younger one has a set card.
   */
  protected runCollection(generation: number, reason: CollectReason): number {
    // Sweeping and compaction change the free blocks: the count is taken again below.
    this.gensFreeBytes = -1;
    const n = Math.min(2, Math.max(0, generation));
    const large = this.triggeredByLarge;
    this.triggeredByLarge = false;
    const t = this.beginGc(n, reason);
    const count = ++this.gcIndex;
    this.log(gcStart(count, n, reasonCode(reason, large)));
    this.condemned.fill(0);
    for (let g = 0; g <= n; g++) this.condemned[GEN0 + g] = 1;
    if (n === 2) this.condemned[LOH] = 1;
    const olderSpaces = this.olderSpaces(n);

    // Mark.
    const marker = this.marker;
    marker.begin();
    this.forEachRoot((a) => marker.mark(a));
    for (const s of olderSpaces)
      this.gen.forEachObjectOnDirtyCards(s, (o) => this.heap.model.scan(o, marker, "dealloc"));
    marker.drain();
    const finalizationPromoted = this.processReferences(marker.liveness((o) => this.cards.dirty(o)));

    // Plan: what survived where, and how fragmented sweeping would leave the condemned generations.
    const u32 = this.heap.memory.u32;
    const sizeAtStart = [0, 0, 0, 0];
    const survived = [0, 0, 0, 0];
    let pinned = 0;
    let fragmentation = 0;
    for (let g = 0; g <= n; g++) {
      const s = this.gens[g]!;
      for (let r = 0; r < s.starts.length; r++) {
        const m = measureRegion(s, r, u32);
        sizeAtStart[g]! += m.live + m.dead;
        survived[g]! += m.live;
        fragmentation += m.dead;
        pinned += m.pinned;
      }
    }
    if (n === 2)
      for (let r = 0; r < this.loh.starts.length; r++) {
        const m = measureRegion(this.loh, r, u32);
        sizeAtStart[LOH_INDEX]! += m.live + m.dead;
        survived[LOH_INDEX]! += m.live;
        pinned += m.pinned;
      }
    if (pinned > 0 && this.heap.events.active) this.logPinned(n);
    const condemnedSize = sizeAtStart[0]! + sizeAtStart[1]! + sizeAtStart[2]!;
    const sd = this.budgets[n]!.sd;
    const compactLoh =
      n === 2 && (this.lohCompactAlways || this.largeObjectHeapCompactionMode === "CompactOnce");
    const compact =
      this.forceCompact ||
      compactLoh ||
      reason === "memory-pressure" ||
      (fragmentation >= sd.fragmentationLimit &&
        condemnedSize > 0 &&
        fragmentation / condemnedSize >= sd.fragmentationBurdenLimit);

    if (compact) t.movedBytes = this.relocateAndCompact(n, compactLoh, olderSpaces);
    else this.sweepCondemned(n);
    const unmapped = (start: number, end: number) => this.cards.cleanRange(start, end);
    if (n === 2 && !compactLoh) this.loh.sweep(u32, (o) => this.reclaim(o), unmapped);
    else if (n === 2) this.loh.relist(u32, unmapped);
    if (compactLoh) {
      this.largeObjectHeapCompactionMode = "Default";
      // The LOH is the last group of the compaction.
      this.log(lohCompact(count, this.compactor.movedBytesByGroup.at(-1) ?? 0));
    }

    // Promote, demote, and rebuild cards and bricks for everything the collection touched.
    const { touched, demoted, promoted } = this.promote(n, pinned > 0, survived);
    for (const start of touched) this.rebuildRegionCards(start);
    if (n === 2)
      for (let r = 0; r < this.loh.starts.length; r++) this.rebuildRegionCards(this.loh.starts[r]!);
    for (const s of olderSpaces) this.gen.refreshDirtyCards(s);
    // A refused region leaves gen0 empty, not the collection half done: the next allocation asks again
    // and, refused again after a full GC, fails with MemoryError.
    if (this.gens[0].starts.length === 0) this.addGen0Region(this.regionBytes);
    this.gens[0].rewind();

    // New budgets (`desired_new_allocation`) for the condemned generations; promotion spends the next's.
    for (let g = 0; g <= n; g++) {
      const size = g === 2 ? this.gens[2].usedBytes() : 0;
      this.budgets[g]!.recompute(sizeAtStart[g]!, survived[g]!, size);
    }
    if (n === 2)
      this.budgets[LOH_INDEX]!.recompute(sizeAtStart[LOH_INDEX]!, survived[LOH_INDEX]!, this.loh.usedBytes());
    this.budgets[1]!.used += promoted[0]!;
    if (n >= 1) this.budgets[2]!.used += promoted[1]!;
    t.promotedBytes = promoted[0]! + promoted[1]!;
    this.trimPool();

    const fragmented = this.fragmentationBytes();
    this.log(
      gcHeapStats({
        sizes: this.generationSizes(),
        promoted: [survived[0]!, survived[1]!, survived[2]!, survived[LOH_INDEX]!],
        finalizationPromotedSize: 0,
        finalizationPromotedCount: finalizationPromoted,
        pinnedObjectCount: pinned,
        gcHandleCount: this.heap.roots.live,
      }),
    );
    this.log(gcEnd(count, n));
    const pauseMs = this.endGc(t);
    this.info = {
      index: count,
      generation: n,
      compacted: compact,
      promotedBytes: t.promotedBytes,
      pinnedObjectsCount: pinned,
      fragmentedBytes: fragmented,
      finalizationPendingCount: this.finalization.pending.length,
      demotedRegions: demoted,
      pauseMs,
    };
    return t.collected;
  }

  /** The spaces not condemned by a GC of `n` whose set cards are roots: older generations, the LOH. */
  private olderSpaces(n: number): BumpSpace[] {
    if (n === 2) return [];
    return n === 1 ? [this.gens[2], this.loh] : [this.gens[1], this.gens[2], this.loh];
  }

  /**
   * Relocate and compact (plan phase chose to compact): each condemned generation slides its survivors
   * down over its own regions (pinned plugs stay, the gap before them becomes a free block); every
   * reference into them is updated first, from live condemned objects, set cards of older generations,
   * roots and registries. Returns the bytes moved.
   */
  private relocateAndCompact(n: number, compactLoh: boolean, older: BumpSpace[]): number {
    const groups = this.gens.slice(0, n + 1).map((g) => [g]);
    if (compactLoh) groups.push([this.loh]);
    const u32 = this.heap.memory.u32;
    return this.slidingCompact(this.compactor, groups, (adjust) => {
      if (n === 2 && !compactLoh)
        this.loh.forEachBlock((o) => {
          if ((statusOf(u32, o) & (MARK | FREE)) === MARK) adjust(o);
        }, u32);
      for (const s of older) this.gen.forEachObjectOnDirtyCards(s, adjust);
    });
  }

  /** Sweep (plan phase chose not to compact): dead runs of the condemned generations become free blocks. */
  private sweepCondemned(n: number): void {
    const u32 = this.heap.memory.u32;
    for (let g = 0; g <= n; g++) {
      const s = this.gens[g]!;
      for (let r = 0; r < s.starts.length; r++) sweepRegion(s, r, u32, (o) => this.reclaim(o));
    }
  }

  /** Returns pooled regions beyond what gen0's budget can use to the operating system. */
  private trimPool(): void {
    const keep = Math.ceil(this.budgets[0]!.desired / this.regionBytes) + 1;
    while (this.pool.starts.length > keep) this.pool.removeRegion(this.pool.starts.length - 1);
  }

  /**
   * Promotion by region: every non-empty region of a condemned generation below gen2 joins the next
   * generation, except (demotion) one holding a pinned object, which stays where it is so the pin does
   * not drag its neighbours up. Empty regions go to the pool. Returns the region starts touched, the
   * regions demoted and the bytes promoted out of gen0 and gen1.
   */
  private promote(
    n: number,
    anyPinned: boolean,
    survived: number[],
  ): { touched: number[]; demoted: number; promoted: number[] } {
    const touched: number[] = [];
    // Survivors leave their generation unless their region is demoted (subtracted below).
    const promoted = [survived[0]!, n >= 1 ? survived[1]! : 0];
    let demoted = 0;
    const u32 = this.heap.memory.u32;
    for (let g = n; g >= 0; g--) {
      const s = this.gens[g]!;
      for (let r = s.starts.length - 1; r >= 0; r--) {
        const start = s.starts[r]!;
        if (s.isEmptyRegion(r)) {
          this.cards.cleanRange(start, s.ends[r]!);
          s.moveRegionTo(r, this.pool);
          continue;
        }
        touched.push(start);
        if (g === 2) continue;
        if (anyPinned && this.demotion) {
          const contents = measureRegion(s, r, u32, "not-free");
          if (contents.pinned > 0) {
            demoted++;
            promoted[g]! -= contents.live;
            continue;
          }
        }
        s.moveRegionTo(r, this.gens[g + 1]!);
      }
    }
    for (const s of this.gens) s.rewind();
    return { touched, demoted, promoted };
  }

  // ------------------------------------------------------------------ cards and bricks

  /** The space of the region starting at `start`, and the region's index in it. */
  private regionAt(start: number): { space: BumpSpace; r: number } {
    const id = this.spaceMap.spaceOf(start);
    const space = id === LOH ? this.loh : this.gens[GEN_OF_SPACE[id]!]!;
    return { space, r: space.regionStartingAt(start) };
  }

  /**
   * After a region changed (compacted, swept, promoted): its bricks are recorded again and its cards set
   * exactly where an object refers to a younger generation (none if every younger generation is empty,
   * as gen1 is right after a gen0 GC without pins).
   */
  private rebuildRegionCards(start: number): void {
    const { space, r } = this.regionAt(start);
    const gen = GEN_OF_SPACE[this.spaceMap.spaceOf(start)]!;
    let younger = false;
    for (let g = 0; g < gen && g < 2; g++) if (this.gens[g]!.usedBytes() > 0) younger = true;
    this.gen.rebuildRegion(space, r, younger ? "exact" : "none");
  }

  private logPinned(n: number): void {
    const u32 = this.heap.memory.u32;
    const spaces = n === 2 ? [...this.gens, this.loh] : this.gens.slice(0, n + 1);
    for (const s of spaces)
      s.forEachBlock((o) => {
        if ((statusOf(u32, o) & (PINNED | MARK | FREE)) === (PINNED | MARK))
          this.log(pinObjectAtGcTime(o, sizeOf(u32, o), this.heap.model.typeOf(o).name));
      }, u32);
  }

  // ------------------------------------------------------------------ walking, counters, verification

  forEachObject(visit: (obj: number) => void): void {
    const u32 = this.heap.memory.u32;
    for (const s of [this.gens[2], this.gens[1], this.gens[0], this.loh]) s.forEachObject(visit, u32);
  }

  /**
   * The free blocks' bytes: the generations', counted at the end of the last collection (between
   * collections gen0 only bumps), and the LOH's, which its first-fit allocation keeps up to date. Kept
   * as numbers because `stats()` asks after every few allocations, and walking every generation each
   * time made building a large heap quadratic.
   */
  protected override fragmentationBytes(): number {
    const u32 = this.heap.memory.u32;
    if (this.gensFreeBytes < 0) this.gensFreeBytes = this.gens.reduce((n, s) => n + s.freeBlockBytes(u32), 0);
    return this.gensFreeBytes + this.loh.freeListedBytes();
  }

  /**
   * The CLR plan's invariants: every object of gen1, gen2 or the LOH that refers (strongly or weakly) to a
   * younger generation has its card set; objects are in the LOH exactly when they reach the threshold;
   * the LOH's free list names free LOH blocks; pooled regions are empty; no object is FORWARDED.
   */
  protected verifyPlan(live: Set<number>): void {
    const u32 = this.heap.memory.u32;
    for (const o of live) {
      const id = this.spaceMap.spaceOf(o);
      const size = sizeOf(u32, o);
      if (id === LOH ? size < this.lohThreshold : size >= this.lohThreshold)
        this.fail(`an object of ${size} bytes is ${id === LOH ? "in" : "outside"} the large object heap`, o);
      if (id !== GEN0 && id !== GEN1 && id !== GEN2 && id !== LOH)
        this.fail("an object lies outside every generation", o);
      if ((statusOf(u32, o) & FORWARDED) !== 0) this.fail("an object is still forwarded", o);
      if (id !== GEN0 && this.gen.hasYoungerRef(o) && !this.cards.isDirty(o))
        this.fail("an object refers to a younger generation but its card is clear", o);
    }
    this.loh.verifyFreeList(u32, (m, a) => this.fail(m, a));
    for (let r = 0; r < this.pool.starts.length; r++)
      if (!this.pool.isEmptyRegion(r)) this.fail("a pooled region is not empty", this.pool.starts[r]!);
  }
}

/**
 * Makes a `clr` strategy. Settings (the CLR's config names): `GCgen0size` (gen0's minimum budget, bytes;
 * default 4 MiB), `GCGen0MaxBudget`, `GCGen1MaxBudget`, `GCLOHThreshold` (85,000), `GCLOHCompact` (1 =
 * compact the LOH in every gen2 GC), `gcForceCompact` (1 = never sweep), `GCRegionSize` (256 KiB),
 * `demotion` (1 = keep regions with pinned objects in their generation).
 *
 * @example
 * const rt = new Runtime(createClr({ settings: { GCgen0size: 1 << 20 } }), { heapLimit: 64 << 20 });
 */
export function createClr(options: StrategyOptions = {}): ClrPlan {
  return new ClrPlan(options);
}
