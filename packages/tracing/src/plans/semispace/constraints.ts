import type { Constraints } from "@heaplab/runtime";

/** Blocks larger than this (bytes, header included) go to the large-object space: MMTk's 2 pages. */
export const SEMISPACE_LOS_BLOCK = 8192;

/** What `semispace` is, as data. */
export const SEMISPACE_CONSTRAINTS: Constraints = {
  movesObjects: true,
  generational: false,
  referenceCounting: false,
  reclaimsCycles: true,
  deterministicFinalization: false,
  barrier: "none",
  largeObjectThreshold: SEMISPACE_LOS_BLOCK - 7,
  pinning: false,
  generations: 1,
  largeObjects:
    "objects over 8 KiB live in a non-moving large-object space (marked, swept by unmapping); small objects always move, so pinning is refused",
  /** Two halves of a quarter of the heap each, room to grow them and large objects. */
  minHeapBytes: 1 << 20,
};
