import type { Constraints } from "@heaplab/runtime";
import { MAX_SMALL_BLOCK } from "../../spaces/free-list-space";

/** What `mark-sweep` is, as data. */
export const MARK_SWEEP_CONSTRAINTS: Constraints = {
  movesObjects: false,
  generational: false,
  referenceCounting: false,
  reclaimsCycles: true,
  deterministicFinalization: false,
  barrier: "none",
  largeObjectThreshold: MAX_SMALL_BLOCK - 7,
  pinning: true,
  generations: 1,
  largeObjects:
    "objects over 4 KiB get their own pages in a large-object space, swept by unmapping; nothing ever moves, so every object is pinned",
  /** A few size-class pages and auxiliary storage. */
  minHeapBytes: 1 << 20,
};
