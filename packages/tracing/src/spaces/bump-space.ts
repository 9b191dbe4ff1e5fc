import type { OsMemory } from "@heaplab/runtime";
import { FREE, HEADER_BYTES, sizeOf, statusOf, writeHeader } from "../header";
import { SpaceMap } from "../space-map";

/**
 * A space of contiguous regions filled by a bump pointer (MMTk's CopySpace / MarkCompactSpace, HotSpot's
 * ContiguousSpace, the CLR's regions). Every region is a sequence of blocks `[size][status][payload]`, so
 * the space can be walked; `top` of each region is where the next block goes. Regions are 64 KiB
 * aligned and registered in the space map under this space's id.
 *
 * @example
 * const eden = new BumpSpace("eden", 1, os, map);
 * eden.addRegion(1 << 20);
 * const block = eden.alloc(32); // 0 when the current region is full
 */
export class BumpSpace {
  // The regions are this space's own: only its methods change them (parallel arrays, allocation order).
  private readonly regionStarts: number[] = [];
  private readonly regionEnds: number[] = [];
  private readonly regionTops: number[] = [];
  /** Index of the region allocation bumps in. */
  private cur = 0;
  /** Region starts, ends and tops, read-only views of the arrays above (no copy: hot loops read them). */
  readonly starts: readonly number[] = this.regionStarts;
  readonly ends: readonly number[] = this.regionEnds;
  readonly tops: readonly number[] = this.regionTops;

  constructor(
    readonly name: string,
    readonly id: number,
    private readonly os: OsMemory,
    private readonly map: SpaceMap,
  ) {}

  /** Maps a new region of at least `bytes` (rounded to 64 KiB). @throws MemoryError past the limit. */
  addRegion(bytes: number): number {
    const size = Math.ceil(bytes / SpaceMap.GRANULE) * SpaceMap.GRANULE;
    const start = this.os.map(size, SpaceMap.GRANULE);
    this.regionStarts.push(start);
    this.regionEnds.push(start + size);
    this.regionTops.push(start);
    this.map.set(start, size, this.id);
    return this.regionStarts.length - 1;
  }

  /** Takes region `i` out of this space and gives it to `other` (a CLR region changing generation). */
  moveRegionTo(i: number, other: BumpSpace): void {
    const [s] = this.regionStarts.splice(i, 1);
    const [e] = this.regionEnds.splice(i, 1);
    const [t] = this.regionTops.splice(i, 1);
    other.regionStarts.push(s!);
    other.regionEnds.push(e!);
    other.regionTops.push(t!);
    this.map.set(s!, e! - s!, other.id);
    if (this.cur >= this.regionStarts.length) this.cur = Math.max(0, this.regionStarts.length - 1);
  }

  /**
   * Moves the first region of at least `bytes` to `other` and makes it `other`'s allocation region (a
   * CLR region leaving the free pool); false if there is none.
   */
  moveRegionOfAtLeast(bytes: number, other: BumpSpace): boolean {
    for (let i = 0; i < this.regionStarts.length; i++)
      if (this.regionEnds[i]! - this.regionStarts[i]! >= bytes) {
        this.moveRegionTo(i, other);
        other.cur = other.regionStarts.length - 1;
        return true;
      }
    return false;
  }

  /** Whether region `i` holds no block. */
  isEmptyRegion(i: number): boolean {
    return this.regionTops[i] === this.regionStarts[i];
  }

  /** The index of the region starting at `start` (-1 if none). */
  regionStartingAt(start: number): number {
    return this.regionStarts.indexOf(start);
  }

  /** Unmaps region `i` (returned to the operating system). */
  removeRegion(i: number): void {
    const [s] = this.regionStarts.splice(i, 1);
    const [e] = this.regionEnds.splice(i, 1);
    this.regionTops.splice(i, 1);
    this.map.set(s!, e! - s!, 0);
    this.os.unmap(s!, e! - s!);
    if (this.cur >= this.regionStarts.length) this.cur = Math.max(0, this.regionStarts.length - 1);
  }

  /**
   * Bump-allocates a block of `size` bytes in the current region or a later one; returns the block
   * address (header first), or 0 if no region has room. The payload is not zeroed.
   */
  alloc(size: number): number {
    for (let r = this.cur; r < this.regionStarts.length; r++) {
      const t = this.regionTops[r]!;
      if (t + size <= this.regionEnds[r]!) {
        this.regionTops[r] = t + size;
        this.cur = r;
        return t;
      }
    }
    return 0;
  }

  /** Index of the region allocation bumps in. */
  get current(): number {
    return this.cur;
  }

  /** Allocation starts again from the first region (after a collection filled or emptied regions). */
  rewind(): void {
    this.cur = 0;
  }

  /** Allocation continues in the last region (one just added). */
  useLastRegion(): void {
    this.cur = Math.max(0, this.regionStarts.length - 1);
  }

  /**
   * Sets region `r`'s top (a compaction or a sweep that freed the tail). The blocks below it must be
   * walkable. Before: `start <= top <= end`.
   */
  setTop(r: number, top: number): void {
    this.regionTops[r] = top;
  }

  /** Empties every region (after evacuation); the memory is kept as this space's reserve. */
  reset(): void {
    for (let r = 0; r < this.regionStarts.length; r++) this.regionTops[r] = this.regionStarts[r]!;
    this.cur = 0;
  }

  /** Bytes in blocks (live, dead or filler) below the tops. */
  usedBytes(): number {
    let n = 0;
    for (let r = 0; r < this.regionStarts.length; r++) n += this.regionTops[r]! - this.regionStarts[r]!;
    return n;
  }

  /** Bytes mapped. */
  capacityBytes(): number {
    let n = 0;
    for (let r = 0; r < this.regionStarts.length; r++) n += this.regionEnds[r]! - this.regionStarts[r]!;
    return n;
  }

  /** Bytes still free above the tops. */
  freeBytes(): number {
    return this.capacityBytes() - this.usedBytes();
  }

  /** Whether `addr` lies below the top of one of this space's regions. */
  containsBlock(addr: number): boolean {
    for (let r = 0; r < this.regionStarts.length; r++)
      if (addr >= this.regionStarts[r]! && addr < this.regionTops[r]!) return true;
    return false;
  }

  /**
   * Calls `visit(payload)` for every block in address order per region (objects, aux, fillers alike).
   * The visitor may not change block sizes.
   */
  forEachBlock(visit: (payload: number) => void, u32: Uint32Array): void {
    for (let r = 0; r < this.regionStarts.length; r++) {
      const top = this.regionTops[r]!;
      // Each block's first word is its size (by block address; `sizeOf` takes the object's).
      for (let b = this.regionStarts[r]!; b < top; b += u32[b >>> 2]!) visit(b + HEADER_BYTES);
    }
  }

  /** Calls `visit(obj)` for every object (not free block) in address order per region. */
  forEachObject(visit: (obj: number) => void, u32: Uint32Array): void {
    this.forEachBlock((p) => {
      if ((statusOf(u32, p) & FREE) === 0) visit(p);
    }, u32);
  }

  /** Bytes in free blocks below the tops (gaps left by sweeping or before pinned objects). */
  freeBlockBytes(u32: Uint32Array): number {
    let n = 0;
    this.forEachBlock((p) => {
      if ((statusOf(u32, p) & FREE) !== 0) n += sizeOf(u32, p);
    }, u32);
    return n;
  }

  /** Writes a free filler block over `[from, to)` (at least 8 bytes) so the region stays walkable. */
  static fill(u32: Uint32Array, from: number, to: number): void {
    if (to > from) writeHeader(u32, from, to - from, FREE);
  }
}
