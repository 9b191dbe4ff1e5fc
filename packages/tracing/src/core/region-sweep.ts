import { FREE, HEADER_BYTES, MARK, PINNED, writeHeader } from "../header";
import type { BumpSpace } from "../spaces/bump-space";

/** What sweeping one region found. */
export interface RegionSweep {
  /** Bytes of marked (surviving) objects. */
  liveBytes: number;
  /** Bytes of free blocks left below the top (gaps between survivors: fragmentation). */
  freeBytes: number;
  /** Surviving objects carrying PINNED. */
  pinned: number;
}

/**
 * Sweeps region `r` of a bump space in place, the CLR's non-compacting alternative to the plan phase
 * (`make_free_lists`): each run of dead objects and old free blocks becomes one coalesced FREE block, a
 * trailing run lowers the region's top instead. Survivors stay where they are and lose MARK.
 * Before: marking is complete and every object of the region was condemned. After: the region is a
 * walkable sequence of unmarked survivors and free blocks; every dead object went to `onDead` first.
 *
 * @example
 * const { liveBytes, freeBytes } = sweepRegion(gen1, 0, memory.u32, (o) => plan.reclaim(o));
 */
export function sweepRegion(
  space: BumpSpace,
  r: number,
  u32: Uint32Array,
  onDead: (obj: number) => void,
): RegionSweep {
  const top = space.tops[r]!;
  let liveBytes = 0;
  let freeBytes = 0;
  let pinned = 0;
  let gap = 0; // start of the current free run, 0 if none
  // Block walk with the header words read by index (`sizeOf`/`statusOf` inlined): once per block.
  for (let b = space.starts[r]!; b < top; ) {
    const size = u32[b >>> 2]!;
    const st = u32[(b + 4) >>> 2]!;
    if ((st & FREE) === 0 && (st & MARK) !== 0) {
      if (gap !== 0) {
        writeHeader(u32, gap, b - gap, FREE);
        freeBytes += b - gap;
        gap = 0;
      }
      u32[(b + 4) >>> 2] = st & ~MARK;
      liveBytes += size;
      if ((st & PINNED) !== 0) pinned++;
    } else {
      if ((st & FREE) === 0) onDead(b + HEADER_BYTES);
      if (gap === 0) gap = b;
    }
    b += size;
  }
  if (gap !== 0) space.setTop(r, gap);
  return { liveBytes, freeBytes, pinned };
}

/**
 * Counts the bytes of live objects and of everything else (dead objects and free blocks) below the top
 * of region `r`, and the live pinned objects. During a collection (`live` = "marked") it is the plan
 * phase's fragmentation estimate, taken before deciding to compact or sweep; after one (`live` =
 * "not-free", marks cleared) it tells what a region holds (a CLR region with a pin is demoted).
 *
 * @example
 * const { live, dead } = measureRegion(gen0, 0, memory.u32);
 */
export function measureRegion(
  space: BumpSpace,
  r: number,
  u32: Uint32Array,
  liveWhen: "marked" | "not-free" = "marked",
): { live: number; dead: number; pinned: number } {
  const top = space.tops[r]!;
  const mask = liveWhen === "marked" ? FREE | MARK : FREE;
  const want = liveWhen === "marked" ? MARK : 0;
  let live = 0;
  let dead = 0;
  let pinned = 0;
  // Block walk with the header words read by index: the plan phase runs it over every condemned region.
  for (let b = space.starts[r]!; b < top; ) {
    const size = u32[b >>> 2]!;
    const st = u32[(b + 4) >>> 2]!;
    if ((st & mask) === want) {
      live += size;
      if ((st & PINNED) !== 0) pinned++;
    } else dead += size;
    b += size;
  }
  return { live, dead, pinned };
}

/**
 * `measureRegion` summed over every region of `space`.
 *
 * @example
 * const { live, dead, pinned } = measureSpace(gen1, memory.u32);
 */
export function measureSpace(
  space: BumpSpace,
  u32: Uint32Array,
  liveWhen: "marked" | "not-free" = "marked",
): { live: number; dead: number; pinned: number } {
  const sum = { live: 0, dead: 0, pinned: 0 };
  for (let r = 0; r < space.starts.length; r++) {
    const m = measureRegion(space, r, u32, liveWhen);
    sum.live += m.live;
    sum.dead += m.dead;
    sum.pinned += m.pinned;
  }
  return sum;
}

/**
 * `sweepRegion` for every region of `space`: dead runs become free blocks, survivors lose MARK.
 *
 * @example
 * sweepSpace(gen0, memory.u32, (o) => plan.reclaim(o));
 */
export function sweepSpace(space: BumpSpace, u32: Uint32Array, onDead: (obj: number) => void): void {
  for (let r = 0; r < space.starts.length; r++) sweepRegion(space, r, u32, onDead);
}
