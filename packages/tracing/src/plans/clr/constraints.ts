import type { Constraints } from "@heaplab/runtime";
import type { PlanSettings } from "../../core/settings";
import { SpaceMap } from "../../space-map";

/** `LARGE_OBJECT_SIZE`: objects of this many bytes and more go to the large object heap (`GCLOHThreshold`). */
export const LOH_THRESHOLD = 85_000;
/** The JIT barrier's card byte covers 2 KiB on 64-bit (`card_byte_shift` 11). */
export const CARD_SHIFT = 11;
/** Bytes of a small-object-heap region (.NET 7's basic region is 4 MiB; smaller here, `GCRegionSize`). */
export const REGION_BYTES = 256 * 1024;
/** `GCAllocationTick_V4` fires after about this many bytes allocated. */
export const ALLOCATION_TICK_BYTES = 100_000;

/** The settings `clr` knows (the CLR's config names, plus `demotion`). */
export const CLR_SETTINGS = [
  "GCgen0size",
  "GCGen0MaxBudget",
  "GCGen1MaxBudget",
  "GCLOHThreshold",
  "GCLOHCompact",
  "gcForceCompact",
  "GCRegionSize",
  "demotion",
] as const;

/** `clr`'s settings, read and checked once. */
export interface ClrConfig {
  /** Bytes of a small-object-heap region (whole 64 KiB granules). */
  regionBytes: number;
  /** gen0's budget bounds and gen1's upper bound (`GCgen0size`, `GCGen0MaxBudget`, `GCGen1MaxBudget`). */
  gen0MinBudget: number;
  gen0MaxBudget: number;
  gen1MaxBudget: number;
  lohThreshold: number;
  /** `GCLOHCompact`: compact the LOH in every gen2 collection. */
  lohCompactAlways: boolean;
  /** `gcForceCompact`: the plan phase never sweeps. */
  forceCompact: boolean;
  /** Regions holding pinned objects stay in their generation. */
  demotion: boolean;
}

/**
 * Reads `clr`'s settings, scaling the defaults to the heap limit. @throws ConfigError (from `PlanSettings`).
 *
 * @example
 * const config = readClrConfig(new PlanSettings("clr", CLR_CONSTRAINTS, options, CLR_SETTINGS));
 */
export function readClrConfig(s: PlanSettings): ClrConfig {
  const limit = s.limit;
  // Regions move whole between generations: a small heap needs small regions (a sixteenth of it).
  const region = s.number("GCRegionSize", Math.min(REGION_BYTES, limit / 16));
  // WKS gen0size = max(4/5 of an 8 MiB L3, 256 KiB) x 5/8 = 4 MiB, bounded by the heap.
  const gen0MinBudget = s.number("GCgen0size", Math.min(4 << 20, Math.max(256 << 10, limit / 16)));
  return {
    regionBytes: SpaceMap.granules(region),
    gen0MinBudget,
    gen0MaxBudget: Math.max(gen0MinBudget, s.number("GCGen0MaxBudget", Math.max(6 << 20, limit / 8))),
    gen1MaxBudget: s.number("GCGen1MaxBudget", Math.max(6 << 20, limit / 8)),
    lohThreshold: s.number("GCLOHThreshold", LOH_THRESHOLD),
    lohCompactAlways: s.number("GCLOHCompact", 0) !== 0,
    forceCompact: s.number("gcForceCompact", 0) !== 0,
    demotion: s.number("demotion", 1) !== 0,
  };
}

/** What `clr` is, as data. */
export const CLR_CONSTRAINTS: Constraints = {
  movesObjects: true,
  generational: true,
  referenceCounting: false,
  reclaimsCycles: true,
  deterministicFinalization: false,
  barrier: "card",
  largeObjectThreshold: LOH_THRESHOLD,
  pinning: true,
  generations: 3,
  largeObjects:
    "objects of 85,000 bytes and more live in the large object heap (logically gen2), swept and never compacted unless LargeObjectHeapCompactionMode is CompactOnce or GCLOHCompact is set; pinned objects keep their address when their generation compacts and their region is demoted (stays in its generation)",
  /** Regions of a sixteenth of the heap (64 KiB at least) for three generations, the pool and the LOH. */
  minHeapBytes: 1 << 20,
};

/**
 * One row of the CLR's `static_data_table` (balanced latency level, workstation): the bounds of a
 * generation's budget, the fragmentation that makes the plan phase compact, and the growth factors.
 */
export interface StaticData {
  minSize: number;
  maxSize: number;
  /** Compact when fragmentation is at least this many bytes … */
  fragmentationLimit: number;
  /** … and at least this fraction of the generation. */
  fragmentationBurdenLimit: number;
  limit: number;
  maxLimit: number;
}

/** gen0, gen1, gen2, LOH, as `static_data_table[latency_level_balanced]` (gen0 sizes come from settings). */
export function staticData(gen0Min: number, gen0Max: number, gen1Max: number): StaticData[] {
  return [
    {
      minSize: gen0Min,
      maxSize: gen0Max,
      fragmentationLimit: 40_000,
      fragmentationBurdenLimit: 0.5,
      limit: 9.0,
      maxLimit: 20.0,
    },
    {
      minSize: 256 * 1024,
      maxSize: gen1Max,
      fragmentationLimit: 80_000,
      fragmentationBurdenLimit: 0.5,
      limit: 2.0,
      maxLimit: 7.0,
    },
    {
      minSize: 256 * 1024,
      maxSize: Number.POSITIVE_INFINITY,
      fragmentationLimit: 200_000,
      fragmentationBurdenLimit: 0.25,
      limit: 1.2,
      maxLimit: 1.8,
    },
    {
      minSize: 3 * 1024 * 1024,
      maxSize: Number.POSITIVE_INFINITY,
      fragmentationLimit: 0,
      fragmentationBurdenLimit: 0,
      limit: 1.25,
      maxLimit: 4.5,
    },
  ];
}
