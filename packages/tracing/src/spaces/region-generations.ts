import type { OsMemory } from "@heaplab/runtime";
import { tryAddRegion } from "../core/grow";
import { measureRegion } from "../core/region-sweep";
import type { SpaceMap } from "../space-map";
import { BumpSpace } from "./bump-space";

/** What one promotion did. */
export interface RegionPromotion {
  /** Starts of the regions of the condemned generations that hold blocks, wherever they are now. */
  touched: number[];
  /** Regions kept in their generation because they hold a pinned object (demoted). */
  demoted: number;
  /** The live bytes of the demoted regions, per generation: survivors that did not leave it. */
  demotedBytes: number[];
}

/**
 * Generations made of whole regions (the CLR's regions, .NET 7 on): each generation is a bump space of
 * regions; the youngest is allocated in, the older ones are filled by promotion, which moves a region
 * with everything in it up one generation instead of copying its objects; empty regions wait in a pool
 * for the youngest generation to reuse. Space ids are `firstId`, `firstId + 1`, … youngest first, then
 * the pool's.
 *
 * @example
 * const regions = new RegionGenerations(["gen0", "gen1", "gen2"], 1, os, map, 256 << 10);
 * regions.addYoungRegion(4096); // a pooled region if one is big enough, else a new one
 * regions.promote(0, false, memory.u32, (start, end) => cards.cleanRange(start, end));
 */
export class RegionGenerations {
  /** The generations' spaces, youngest first. */
  readonly spaces: readonly BumpSpace[];
  /** Empty regions waiting to be reused by the youngest generation. */
  readonly pool: BumpSpace;

  constructor(
    names: readonly string[],
    firstId: number,
    os: OsMemory,
    map: SpaceMap,
    /** The size of a region (a larger one is mapped for a block that needs it). */
    readonly regionBytes: number,
  ) {
    this.spaces = names.map((name, i) => new BumpSpace(name, firstId + i, os, map));
    this.pool = new BumpSpace("free-regions", firstId + names.length, os, map);
    this.spaces[0]!.addRegion(regionBytes);
  }

  /**
   * Gives the youngest generation one more empty region of at least `size` bytes, pooled if one is big
   * enough, else newly mapped, and makes it the one allocation bumps in; false if the OS refuses.
   */
  addYoungRegion(size: number): boolean {
    const young = this.spaces[0]!;
    if (this.pool.moveRegionOfAtLeast(size, young)) return true;
    if (!tryAddRegion(young, Math.max(size, this.regionBytes))) return false;
    young.useLastRegion();
    return true;
  }

  /** Bump-allocates `size` bytes in a region `addYoungRegion` adds; 0 if the OS refuses it. */
  allocInNewYoungRegion(size: number): number {
    return this.addYoungRegion(size) ? this.spaces[0]!.alloc(size) : 0;
  }

  /**
   * After a collection: the youngest generation allocates from its first region again. If it has no
   * region (the OS refused one), it asks once more; refused again, the next allocation asks, and fails
   * with MemoryError after a full collection, so the collection is never left half done.
   */
  restartAllocation(): void {
    const young = this.spaces[0]!;
    if (young.starts.length === 0) this.addYoungRegion(this.regionBytes);
    young.rewind();
  }

  /**
   * Promotion by region after a collection of generations `0..n`: every region of theirs that holds
   * blocks joins the next generation (the oldest's stay), except, with `keepPinned` (demotion), one
   * holding a pinned object, which stays so the pin does not drag its neighbours up. Empty regions go
   * to the pool (`onEmpty` first). Before: marks are cleared. After: every generation allocates from its
   * first region again.
   */
  promote(
    n: number,
    keepPinned: boolean,
    u32: Uint32Array,
    onEmpty: (start: number, end: number) => void,
  ): RegionPromotion {
    const result: RegionPromotion = { touched: [], demoted: 0, demotedBytes: this.spaces.map(() => 0) };
    const oldest = this.spaces.length - 1;
    for (let g = n; g >= 0; g--) {
      const s = this.spaces[g]!;
      for (let r = s.starts.length - 1; r >= 0; r--) {
        if (s.isEmptyRegion(r)) {
          onEmpty(s.starts[r]!, s.ends[r]!);
          s.moveRegionTo(r, this.pool);
          continue;
        }
        result.touched.push(s.starts[r]!);
        if (g === oldest) continue;
        if (keepPinned) {
          const contents = measureRegion(s, r, u32, "not-free");
          if (contents.pinned > 0) {
            result.demoted++;
            result.demotedBytes[g]! += contents.live;
            continue;
          }
        }
        s.moveRegionTo(r, this.spaces[g + 1]!);
      }
    }
    for (const s of this.spaces) s.rewind();
    return result;
  }

  /** Whether a generation younger than `g` holds blocks (a card of generation `g` may then be needed). */
  youngerHoldBlocks(g: number): boolean {
    for (let y = 0; y < g; y++) if (this.spaces[y]!.usedBytes() > 0) return true;
    return false;
  }

  /** Keeps enough pooled regions for `youngBytes` of allocation (and one more), unmapping the rest. */
  trimPool(youngBytes: number): void {
    const keep = Math.ceil(youngBytes / this.regionBytes) + 1;
    while (this.pool.starts.length > keep) this.pool.removeRegion(this.pool.starts.length - 1);
  }

  /** Bytes in the generations' free blocks (gaps left by sweeping or before pinned objects). */
  freeBlockBytes(u32: Uint32Array): number {
    let n = 0;
    for (const s of this.spaces) n += s.freeBlockBytes(u32);
    return n;
  }

  /** Calls `fail` unless every pooled region is empty. */
  verifyPool(fail: (message: string, addr: number) => never): void {
    for (let r = 0; r < this.pool.starts.length; r++)
      if (!this.pool.isEmptyRegion(r)) fail("a pooled region is not empty", this.pool.starts[r]!);
  }
}
