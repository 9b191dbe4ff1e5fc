import type { OsMemory } from "@heaplab/runtime";
import { tryAddRegion } from "../core/grow";
import { sweepSpace } from "../core/region-sweep";
import { blockSizeAt, FREE, HEADER_BYTES, sizeOf, statusOf, writeHeader } from "../header";
import type { SpaceMap } from "../space-map";
import { BumpSpace } from "./bump-space";

/**
 * A bump space whose swept regions are reused through a first-fit list of their free blocks (the CLR's
 * large object heap: objects are swept, not compacted, and a new large object takes the first free
 * block big enough, else bumps, else a new region). Between sweeps only `allocFirstFit` changes the
 * free blocks, so their total is kept as a number (`freeListedBytes`).
 *
 * @example
 * const loh = new FreeBlockSpace("loh", 4, os, map, 1 << 20);
 * const block = loh.allocFirstFit(100_000, memory.u32); // 0 if the OS refuses a region
 * loh.sweep(memory.u32, reclaim, (start, end) => cards.cleanRange(start, end));
 */
export class FreeBlockSpace extends BumpSpace {
  /** Free blocks (block addresses), in address order after a sweep. */
  private freeList: number[] = [];
  private freeBytes_ = 0;

  constructor(
    name: string,
    id: number,
    os: OsMemory,
    map: SpaceMap,
    /** The smallest region mapped for new blocks. */
    private readonly regionBytes: number,
  ) {
    super(name, id, os, map);
  }

  /** First fit over the free blocks (the rest of a larger one stays free), else bump, else a new region; 0 if refused. */
  allocFirstFit(size: number, u32: Uint32Array): number {
    const free = this.freeList;
    for (let i = 0; i < free.length; i++) {
      const f = free[i]!;
      const fsize = blockSizeAt(u32, f);
      if (fsize < size) continue;
      if (fsize > size) {
        writeHeader(u32, f + size, fsize - size, FREE);
        free[i] = f + size;
      } else free.splice(i, 1);
      this.freeBytes_ -= size;
      return f;
    }
    const b = this.alloc(size);
    if (b !== 0) return b;
    if (!tryAddRegion(this, Math.max(size, this.regionBytes))) return 0;
    this.useLastRegion();
    return this.alloc(size);
  }

  /** Bytes in free blocks. */
  freeListedBytes(): number {
    return this.freeBytes_;
  }

  /**
   * Sweeps every region (dead runs become free blocks, each dead object to `onDead` first), then
   * `relist`. Before: marking is complete. After: survivors are unmarked.
   */
  sweep(
    u32: Uint32Array,
    onDead: (obj: number) => void,
    onUnmap: (start: number, end: number) => void,
  ): void {
    sweepSpace(this, u32, onDead);
    this.relist(u32, onUnmap);
  }

  /** After a sweep or a compaction: unmaps empty regions (`onUnmap` first) and lists the free blocks again. */
  relist(u32: Uint32Array, onUnmap: (start: number, end: number) => void): void {
    for (let r = this.starts.length - 1; r >= 0; r--)
      if (this.isEmptyRegion(r)) {
        onUnmap(this.starts[r]!, this.ends[r]!);
        this.removeRegion(r);
      }
    this.freeList = [];
    this.freeBytes_ = 0;
    this.forEachBlock((p) => {
      if ((statusOf(u32, p) & FREE) === 0) return;
      this.freeList.push(p - HEADER_BYTES);
      this.freeBytes_ += sizeOf(u32, p);
    }, u32);
  }

  /** Calls `fail` unless every listed block is a free block of this space. */
  verifyFreeList(u32: Uint32Array, fail: (message: string, addr: number) => never): void {
    for (const f of this.freeList)
      if (!this.containsBlock(f) || (statusOf(u32, f + HEADER_BYTES) & FREE) === 0)
        fail(`the free list of '${this.name}' names a block that is not one of its free blocks`, f);
  }
}
