import type { Constraints } from "@heaplab/runtime";

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
