import type { Constraints } from "@heaplab/runtime";

/** Blocks larger than this (bytes, header included) go to the large-object space. */
export const MARK_COMPACT_LOS_BLOCK = 8192;

/** What `mark-compact` is, as data. */
export const MARK_COMPACT_CONSTRAINTS: Constraints = {
  movesObjects: true,
  generational: false,
  referenceCounting: false,
  reclaimsCycles: true,
  deterministicFinalization: false,
  barrier: "none",
  largeObjectThreshold: MARK_COMPACT_LOS_BLOCK - 7,
  pinning: true,
  generations: 1,
  largeObjects:
    "objects over 8 KiB live in a non-moving large-object space; pinned objects keep their address and the gap before them becomes a filler until the next compaction",
  /** A region of a quarter of the heap, room to grow it and large objects. */
  minHeapBytes: 1 << 20,
};
