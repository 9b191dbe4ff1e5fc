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
  /** Region starts, ends and tops (parallel arrays, in allocation order). */
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly tops: number[] = [];
  /** Index of the region allocation bumps in. */
  current = 0;

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
    this.starts.push(start);
    this.ends.push(start + size);
    this.tops.push(start);
    this.map.set(start, size, this.id);
    return this.starts.length - 1;
  }

  /** Takes region `i` out of this space and gives it to `other` (a CLR region changing generation). */
  moveRegionTo(i: number, other: BumpSpace): void {
    const [s] = this.starts.splice(i, 1);
    const [e] = this.ends.splice(i, 1);
    const [t] = this.tops.splice(i, 1);
    other.starts.push(s!);
    other.ends.push(e!);
    other.tops.push(t!);
    this.map.set(s!, e! - s!, other.id);
    if (this.current >= this.starts.length) this.current = Math.max(0, this.starts.length - 1);
  }

  /**
   * Moves the first region of at least `bytes` to `other` and makes it `other`'s allocation region (a
   * CLR region leaving the free pool); false if there is none.
   */
  moveRegionOfAtLeast(bytes: number, other: BumpSpace): boolean {
    for (let i = 0; i < this.starts.length; i++)
      if (this.ends[i]! - this.starts[i]! >= bytes) {
        this.moveRegionTo(i, other);
        other.current = other.starts.length - 1;
        return true;
      }
    return false;
  }

  /** Whether region `i` holds no block. */
  isEmptyRegion(i: number): boolean {
    return this.tops[i] === this.starts[i];
  }

  /** The index of the region starting at `start` (-1 if none). */
  regionStartingAt(start: number): number {
    return this.starts.indexOf(start);
  }

  /** Unmaps region `i` (returned to the operating system). */
  removeRegion(i: number): void {
    const [s] = this.starts.splice(i, 1);
    const [e] = this.ends.splice(i, 1);
    this.tops.splice(i, 1);
    this.map.set(s!, e! - s!, 0);
    this.os.unmap(s!, e! - s!);
    if (this.current >= this.starts.length) this.current = Math.max(0, this.starts.length - 1);
  }

  /**
   * Bump-allocates a block of `size` bytes in the current region or a later one; returns the block
   * address (header first), or 0 if no region has room. The payload is not zeroed.
   */
  alloc(size: number): number {
    for (let r = this.current; r < this.starts.length; r++) {
      const t = this.tops[r]!;
      if (t + size <= this.ends[r]!) {
        this.tops[r] = t + size;
        this.current = r;
        return t;
      }
    }
    return 0;
  }

  /** Empties every region (after evacuation); the memory is kept as this space's reserve. */
  reset(): void {
    for (let r = 0; r < this.starts.length; r++) this.tops[r] = this.starts[r]!;
    this.current = 0;
  }

  /** Bytes in blocks (live, dead or filler) below the tops. */
  usedBytes(): number {
    let n = 0;
    for (let r = 0; r < this.starts.length; r++) n += this.tops[r]! - this.starts[r]!;
    return n;
  }

  /** Bytes mapped. */
  capacityBytes(): number {
    let n = 0;
    for (let r = 0; r < this.starts.length; r++) n += this.ends[r]! - this.starts[r]!;
    return n;
  }

  /** Bytes still free above the tops. */
  freeBytes(): number {
    return this.capacityBytes() - this.usedBytes();
  }

  /** Whether `addr` lies below the top of one of this space's regions. */
  containsBlock(addr: number): boolean {
    for (let r = 0; r < this.starts.length; r++)
      if (addr >= this.starts[r]! && addr < this.tops[r]!) return true;
    return false;
  }

  /**
   * Calls `visit(payload)` for every block in address order per region (objects, aux, fillers alike).
   * The visitor may not change block sizes.
   */
  forEachBlock(visit: (payload: number) => void, u32: Uint32Array): void {
    for (let r = 0; r < this.starts.length; r++) {
      const top = this.tops[r]!;
      // Each block's first word is its size (by block address; `sizeOf` takes the object's).
      for (let b = this.starts[r]!; b < top; b += u32[b >>> 2]!) visit(b + HEADER_BYTES);
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
