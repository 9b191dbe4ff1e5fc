import type { CollectReason, StrategyOptions, TypeInfo } from "@heaplab/runtime";
import type { CardTable } from "../../core/card-table";
import { GenerationalCards } from "../../core/generational";
import { SlidingCompactor } from "../../core/lisp2";
import { Marker } from "../../core/mark";
import { TracingPlan } from "../../core/plan-base";
import { sweepSpace } from "../../core/region-sweep";
import { PlanSettings } from "../../core/settings";
import { FORWARDED, FREE, MARK, sizeOf, statusOf } from "../../header";
import type { BumpSpace } from "../../spaces/bump-space";
import { FreeBlockSpace } from "../../spaces/free-block-space";
import { RegionGenerations, type RegionPromotion } from "../../spaces/region-generations";
import {
  createBudgets,
  type GenerationBudget,
  generationToCondemn,
  LOH_BUDGET,
  recomputeBudgets,
} from "./budget";
import {
  ALLOCATION_TICK_BYTES,
  CARD_SHIFT,
  CLR_CONSTRAINTS,
  CLR_SETTINGS,
  type ClrConfig,
  readClrConfig,
} from "./constraints";
import {
  allocationTick,
  type GcMemoryInfo,
  gcEnd,
  gcHeapStats,
  gcStart,
  lohCompact,
  NO_COLLECTION_YET,
  pinObjectAtGcTime,
  reasonCode,
} from "./events";
import {
  type Condemned,
  forEachPinnedSurvivor,
  fragmentationWantsCompaction,
  measureCondemned,
} from "./plan-phase";

export type { GcMemoryInfo } from "./events";

// Space ids: the generations' regions 1..3 and their pool 4 (`RegionGenerations`), the LOH 5.
const GEN0 = 1;
const GEN1 = 2;
const LOH = 5;
/** The generation of each space id (the LOH is logically gen2; 9 = not a generation). */
const GEN_OF_SPACE = Int8Array.from([9, 0, 1, 2, 9, 2]);

/**
 * `clr`: the .NET CLR's workstation, non-concurrent GC, IronPython's world, composed from the shared
 * pieces. The small object heap is three generations of regions (`RegionGenerations`); gen0 is
 * allocated in, gen1 and gen2 are filled by promotion, which moves whole regions up a generation after
 * their survivors were compacted (Lisp-2, per generation) or swept in place, as the plan phase decides
 * from fragmentation. Each generation has an allocation budget that adapts to its survival rate;
 * exhausting gen0's triggers a GC of the oldest generation whose budget is also exhausted. Objects of
 * 85,000 bytes and more go to the large object heap (a `FreeBlockSpace`), collected only with gen2 and
 * swept (compacted only on request). A card table (2 KiB card bytes, set only when the stored reference
 * is ephemeral) plus a block-offset table find old-to-young references. Pinned objects stay put and
 * their regions are demoted. Every GC logs `GCStart_V2`, `GCHeapStats_V2`, `GCEnd_V1` (and
 * `GCAllocationTick_V4` every ~100 KB allocated).
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
  /** gen0, gen1, gen2, LOH. */
  readonly budgets: GenerationBudget[];
  private readonly config: ClrConfig;
  private regions!: RegionGenerations;
  /** The generations' spaces (`regions.spaces`): gen0, gen1, gen2. */
  private gens!: readonly BumpSpace[];
  private loh!: FreeBlockSpace;
  /** Bytes in the generations' free blocks, or -1 while unknown (during a collection); see `fragmentationBytes`. */
  private gensFreeBytes = -1;
  private gen!: GenerationalCards;
  private cards!: CardTable;
  private marker!: Marker;
  private compactor!: SlidingCompactor;
  private readonly condemned = new Uint8Array(8);
  private gcIndex = 0;
  private tickBytes = 0;
  private triggeredByLarge = false;
  private info: GcMemoryInfo = { ...NO_COLLECTION_YET };

  constructor(options: StrategyOptions) {
    super();
    this.config = readClrConfig(new PlanSettings(this.name, this.constraints, options, CLR_SETTINGS));
    this.budgets = createBudgets(this.config);
  }

  protected init(): void {
    const { os, memory, model } = this.heap;
    const map = this.spaceMap;
    this.regions = new RegionGenerations(["gen0", "gen1", "gen2"], GEN0, os, map, this.config.regionBytes);
    this.gens = this.regions.spaces;
    this.loh = new FreeBlockSpace("loh", LOH, os, map, 1 << 20);
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
    const [g0, g1, g2] = this.gens.map((s) => s.usedBytes());
    return [g0!, g1!, g2!, this.loh.usedBytes()];
  }

  // ------------------------------------------------------------------ allocation and barrier

  protected allocBlock(size: number, t: TypeInfo): number {
    if (size >= this.config.lohThreshold) return this.allocLarge(size, t);
    const budget = this.budgets[0]!;
    if (budget.used + size > budget.desired) this.collectForAllocation(false);
    budget.used += size;
    let b = this.gens[0]!.alloc(size);
    if (b === 0) b = this.allocInNewRegion(size);
    this.tickBytes += size;
    if (this.tickBytes >= ALLOCATION_TICK_BYTES) this.allocationTick(t, size, false);
    return b;
  }

  /**
   * gen0's regions are full but its budget is not: a pooled or new region, else (the OS refused) a gen2
   * GC for memory pressure, which compacts, and gen0 again. Kept out of `allocBlock`: with this chain
   * inline the bump path measured 1.1-1.4x slower on binary-trees in the same-run bench.
   */
  private allocInNewRegion(size: number): number {
    return (
      this.regions.allocInNewYoungRegion(size) ||
      this.allocAfterCollecting(size, this.bumpGen0, [2], "memory-pressure")
    );
  }

  /** After the gen2 GC an OS refusal forces (memory pressure: it compacts): gen0 again, else a new region. */
  private readonly bumpGen0 = (size: number) =>
    this.gens[0]!.alloc(size) || this.regions.allocInNewYoungRegion(size);

  private allocLarge(size: number, t: TypeInfo): number {
    const budget = this.budgets[LOH_BUDGET]!;
    if (budget.used + size > budget.desired) this.collectForAllocation(true);
    budget.used += size;
    let b = this.loh.allocFirstFit(size, this.heap.memory.u32);
    if (b === 0) {
      this.triggeredByLarge = true;
      this.collect(2, "memory-pressure");
      b = this.loh.allocFirstFit(size, this.heap.memory.u32);
    }
    if (b === 0) throw this.fullHeapError(size);
    this.cards.recordBlock(b, size);
    this.tickBytes += size;
    this.allocationTick(t, size, true);
    return b;
  }

  private allocationTick(t: TypeInfo, size: number, large: boolean): void {
    this.log(allocationTick(this.tickBytes, large, t.name, size));
    this.tickBytes = 0;
  }

  /** A budget ran out: collect the oldest generation whose budget is also exhausted. */
  private collectForAllocation(large: boolean): void {
    this.triggeredByLarge = large;
    this.collect(generationToCondemn(this.budgets, large), "allocation");
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
    const older =
      n === 2 ? [] : n === 1 ? [this.gens[2]!, this.loh] : [this.gens[1]!, this.gens[2]!, this.loh];

    const finalizationPromoted = this.markCondemned(older);

    // Plan: compact, or sweep in place.
    const measured = measureCondemned(this.gens, this.loh, n, this.heap.memory.u32);
    if (measured.pinned > 0 && this.heap.events.active) this.logPinned(n);
    const compactLoh =
      n === 2 && (this.config.lohCompactAlways || this.largeObjectHeapCompactionMode === "CompactOnce");
    const compact =
      this.config.forceCompact ||
      compactLoh ||
      reason === "memory-pressure" ||
      fragmentationWantsCompaction(this.budgets[n]!.sd, measured);
    if (compact) t.movedBytes = this.relocateAndCompact(n, compactLoh, older);
    else for (let g = 0; g <= n; g++) sweepSpace(this.gens[g]!, this.heap.memory.u32, (o) => this.reclaim(o));
    if (n === 2) this.collectLoh(compactLoh, count);

    const promotion = this.promoteAndRebuildCards(n, measured.pinned > 0 && this.config.demotion, older);

    // New budgets (`desired_new_allocation`) for the condemned generations; promotion spends the next's.
    const { survived } = measured;
    const promoted = [0, 1].map((g) => (g <= n ? survived[g]! : 0) - promotion.demotedBytes[g]!);
    recomputeBudgets(this.budgets, n, measured, this.gens[2]!.usedBytes(), this.loh.usedBytes(), promoted);
    t.promotedBytes = promoted[0]! + promoted[1]!;
    this.regions.trimPool(this.budgets[0]!.desired);

    this.logHeapStats(measured, finalizationPromoted);
    this.log(gcEnd(count, n));
    const fragmentedBytes = this.fragmentationBytes();
    const pauseMs = this.endGc(t);
    this.info = {
      index: count,
      generation: n,
      compacted: compact,
      promotedBytes: t.promotedBytes,
      pinnedObjectsCount: measured.pinned,
      fragmentedBytes,
      finalizationPendingCount: this.finalization.pending.length,
      demotedRegions: promotion.demoted,
      pauseMs,
    };
    return t.collected;
  }

  /**
   * Mark: from the roots and the f-reachable queue, then (an ephemeral GC) from the objects on set cards
   * of the `older` generations; then reference processing, whose stores dirty cards. Before: the
   * condemned spaces are set, nothing is marked. After: every condemned survivor carries MARK.
   * @returns the objects queued for finalization.
   */
  private markCondemned(older: readonly BumpSpace[]): number {
    const marker = this.marker;
    const scan = (o: number) => this.heap.model.scan(o, marker, "dealloc");
    this.markFromRoots(marker, false, () => {
      for (const s of older) this.gen.forEachObjectOnDirtyCards(s, scan);
    });
    return this.processReferences(marker.liveness((o) => this.cards.dirty(o)));
  }

  /**
   * Promote (regions up a generation; with `keepPinned`, demote those holding a pin), then rebuild the
   * cards and bricks of every region the collection touched and re-check the `older` spaces' set cards;
   * gen0 allocates from its first region again. Before: condemned generations are compacted or swept,
   * unmarked. After: a card is set exactly where an object refers to a younger generation.
   */
  private promoteAndRebuildCards(
    n: number,
    keepPinned: boolean,
    older: readonly BumpSpace[],
  ): RegionPromotion {
    const u32 = this.heap.memory.u32;
    const promotion = this.regions.promote(n, keepPinned, u32, (start, end) =>
      this.cards.cleanRange(start, end),
    );
    for (const start of promotion.touched) {
      const g = this.generationOf(start);
      this.rebuildCards(this.gens[g]!, this.gens[g]!.regionStartingAt(start), g);
    }
    if (n === 2) for (let r = 0; r < this.loh.starts.length; r++) this.rebuildCards(this.loh, r, 2);
    for (const s of older) this.gen.refreshDirtyCards(s);
    this.regions.restartAllocation();
    return promotion;
  }

  /**
   * Relocate and compact (plan phase chose to compact): each condemned generation slides its survivors
   * down over its own regions (pinned plugs stay, the gap before them becomes a free block); every
   * reference into them is updated first, from live condemned objects, set cards of older generations,
   * roots and registries. Returns the bytes moved.
   */
  private relocateAndCompact(n: number, compactLoh: boolean, older: readonly BumpSpace[]): number {
    const groups: BumpSpace[][] = this.gens.slice(0, n + 1).map((g) => [g]);
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

  /** A gen2 GC's LOH: swept, or (compacted as the compaction's last group) its free blocks listed again. */
  private collectLoh(compacted: boolean, count: number): void {
    const u32 = this.heap.memory.u32;
    const unmapped = (start: number, end: number) => this.cards.cleanRange(start, end);
    if (!compacted) {
      this.loh.sweep(u32, (o) => this.reclaim(o), unmapped);
      return;
    }
    this.loh.relist(u32, unmapped);
    this.largeObjectHeapCompactionMode = "Default";
    this.log(lohCompact(count, this.compactor.movedBytesByGroup.at(-1) ?? 0));
  }

  /**
   * After region `r` of `space` (of generation `g`) changed (compacted, swept, promoted): its bricks are
   * recorded again and its cards set exactly where an object refers to a younger generation (none if
   * every younger generation is empty, as gen1 is right after a gen0 GC without pins).
   */
  private rebuildCards(space: BumpSpace, r: number, g: number): void {
    this.gen.rebuildRegion(space, r, this.regions.youngerHoldBlocks(g) ? "exact" : "none");
  }

  private logPinned(n: number): void {
    const u32 = this.heap.memory.u32;
    const spaces = n === 2 ? [...this.gens, this.loh] : this.gens.slice(0, n + 1);
    forEachPinnedSurvivor(spaces, u32, (o) =>
      this.log(pinObjectAtGcTime(o, sizeOf(u32, o), this.heap.model.typeOf(o).name)),
    );
  }

  private logHeapStats(measured: Condemned, finalizationPromoted: number): void {
    const [s0, s1, s2, loh] = measured.survived;
    this.log(
      gcHeapStats({
        sizes: this.generationSizes(),
        promoted: [s0!, s1!, s2!, loh!],
        finalizationPromotedSize: 0,
        finalizationPromotedCount: finalizationPromoted,
        pinnedObjectCount: measured.pinned,
        gcHandleCount: this.heap.roots.live,
      }),
    );
  }

  // ------------------------------------------------------------------ walking, counters, verification

  forEachObject(visit: (obj: number) => void): void {
    const u32 = this.heap.memory.u32;
    for (const s of [this.gens[2]!, this.gens[1]!, this.gens[0]!, this.loh]) s.forEachObject(visit, u32);
  }

  /**
   * The free blocks' bytes: the generations', counted at the end of the last collection (between
   * collections gen0 only bumps), and the LOH's, which its first-fit allocation keeps up to date. Kept
   * as numbers because `stats()` asks after every few allocations, and walking every generation each
   * time made building a large heap quadratic.
   */
  protected override fragmentationBytes(): number {
    if (this.gensFreeBytes < 0) this.gensFreeBytes = this.regions.freeBlockBytes(this.heap.memory.u32);
    return this.gensFreeBytes + this.loh.freeListedBytes();
  }

  /**
   * The CLR plan's invariants: every object of gen1, gen2 or the LOH that refers (strongly or weakly) to a
   * younger generation has its card set; objects are in the LOH exactly when they reach the threshold;
   * the LOH's free list names free LOH blocks; pooled regions are empty; no object is FORWARDED.
   */
  protected verifyPlan(live: Set<number>): void {
    const u32 = this.heap.memory.u32;
    const threshold = this.config.lohThreshold;
    for (const o of live) {
      const inLoh = this.spaceMap.spaceOf(o) === LOH;
      const size = sizeOf(u32, o);
      if (inLoh ? size < threshold : size >= threshold)
        this.fail(`an object of ${size} bytes is ${inLoh ? "in" : "outside"} the large object heap`, o);
      if (this.generationOf(o) === 9) this.fail("an object lies outside every generation", o);
      if ((statusOf(u32, o) & FORWARDED) !== 0) this.fail("an object is still forwarded", o);
    }
    this.gen.verifyRememberedSet(live, (m, a) => this.fail(m, a));
    this.loh.verifyFreeList(u32, (m, a) => this.fail(m, a));
    this.regions.verifyPool((m, a) => this.fail(m, a));
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
