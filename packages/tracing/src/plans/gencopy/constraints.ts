import type { Constraints } from "@heaplab/runtime";

/** Blocks larger than this (bytes, header included) go to the large-object space: MMTk's 2 pages. */
export const GENCOPY_LOS_BLOCK = 8192;
/** Space ids: the nursery and the two mature copy spaces (MMTk's copyspace0/1); large objects are in 0. */
export const NURSERY = 1;
export const MATURE_A = 2;
export const MATURE_B = 3;
/** Card size 2^9 = 512 bytes, as HotSpot's. */
export const CARD_SHIFT = 9;

/** What `gencopy` is, as data. */
export const GENCOPY_CONSTRAINTS: Constraints = {
  movesObjects: true,
  generational: true,
  referenceCounting: false,
  reclaimsCycles: true,
  deterministicFinalization: false,
  barrier: "card",
  largeObjectThreshold: GENCOPY_LOS_BLOCK - 7,
  pinning: false,
  generations: 2,
  largeObjects:
    "objects over 8 KiB live in a non-moving large-object space, old from birth and swept by full collections; small objects always move, so pinning is refused",
  /** A nursery and two mature halves of a sixteenth of the heap or more each, and large objects. */
  minHeapBytes: 1 << 20,
};
