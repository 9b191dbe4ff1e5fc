import type { Constraints } from "@heaplab/runtime";
import { SpaceMap } from "../../space-map";

/** What `jvm-serial` is, as data. */
export const JVM_SERIAL_CONSTRAINTS: Constraints = {
  movesObjects: true,
  generational: true,
  referenceCounting: false,
  reclaimsCycles: true,
  deterministicFinalization: false,
  barrier: "card",
  largeObjectThreshold: Number.POSITIVE_INFINITY,
  pinning: false,
  generations: 2,
  largeObjects:
    "an object too large for half of eden is allocated straight in the tenured generation (no separate large-object space); every object can move, so pinning is refused, as in HotSpot's Serial GC",
  /** Eden, two survivors and tenured of at least one 64 KiB granule each, at NewRatio 2 and SurvivorRatio 8. */
  minHeapBytes: 2 << 20,
};

/** HotSpot's defaults. */
export const SURVIVOR_RATIO = 8;
export const NEW_RATIO = 2;
export const MAX_TENURING_THRESHOLD = 15;
export const TARGET_SURVIVOR_RATIO = 50;
/** `GCCardSizeInBytes` = 512: card shift 9. */
export const CARD_SHIFT = 9;
/** The least tenured grows by when it expands (a promotion, an object too large for eden, a full GC). */
export const TENURED_GROWTH_BYTES = 4 << 20;

/** The settings `jvm-serial` knows. */
export const JVM_SERIAL_SETTINGS = ["initial-heap", "survivor-ratio", "new-ratio", "max-tenuring-threshold"];

/**
 * HotSpot's generation sizes for an initial heap: the young generation is 1/(NewRatio+1) of it, eden
 * SurvivorRatio times a survivor space, tenured the rest; each at least one whole 64 KiB granule.
 *
 * @example
 * generationSizes(24 << 20, 2, 8); // { survivor: 851968, eden: 6815744, tenured: 16777216 }
 */
export function generationSizes(
  initialHeap: number,
  newRatio: number,
  survivorRatio: number,
): { survivor: number; eden: number; tenured: number } {
  const young = initialHeap / (newRatio + 1);
  const survivor = SpaceMap.granules(young / (survivorRatio + 2));
  return {
    survivor,
    eden: SpaceMap.granules(survivor * survivorRatio),
    tenured: SpaceMap.granules(initialHeap - young),
  };
}
