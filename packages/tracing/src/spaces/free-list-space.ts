import type { LinearMemory, OsMemory } from "@heaplab/runtime";
import { AUX, blockSizeAt, FREE, HEADER_BYTES, MARK, statusOf, writeHeader } from "../header";

/** Chunk size the free-list space maps at a time. */
const CHUNK = 256 * 1024;
/** Largest block (header included) kept on size-class lists; larger ones belong in a large-object space. */
export const MAX_SMALL_BLOCK = 4096;

/**
 * A non-moving space of size-segregated free lists (one list per 8-byte size class up to 4 KiB), refilled
 * by bump allocation in 256 KiB chunks: the mark-sweep policy (MMTk's MarkSweepSpace, simplified) and the
 * malloc-like home of auxiliary storage. A free block keeps its header with the FREE bit and links to the
 * next free block of its class in its first payload word.
 *
 * @example
 * const space = new FreeListSpace(os, memory);
 * const block = space.alloc(48, 0);   // a block of 48 bytes, header included
 * space.free(block + 8);
 */
// The allocation path, the block walk and the sweeps read header words and free-list links by index
// (`blockSizeAt`, `statusOf` inlined): they run once for every allocation or every block of a chunk.
export class FreeListSpace {
  private readonly heads = new Uint32Array(MAX_SMALL_BLOCK / 8 + 1);
  readonly chunks: number[] = [];
  readonly chunkTops: number[] = [];
  private top = 0;
  private end = 0;
  /** Bytes in blocks that are not free. */
  used = 0;
  /** Blocks that are not free. */
  blocks = 0;
  /** Lazy sweeping: chunks `[sweepNext, sweepEnd)` are unswept, each up to its top at the collection. */
  private sweepNext = 0;
  private sweepEnd = 0;
  private sweepLimits: number[] = [];
  private onDead: ((payload: number) => void) | null = null;

  constructor(
    private readonly os: OsMemory,
    private readonly memory: LinearMemory,
  ) {}

  /**
   * Allocates a block of `size` bytes (a multiple of 8, at most MAX_SMALL_BLOCK) with `status`; returns
   * the block address, or 0 if a new chunk cannot be mapped (the caller collects and retries).
   */
  alloc(size: number, status: number): number {
    const cls = size >>> 3;
    let block = this.heads[cls]!;
    // Lazy sweeping: sweep chunks until this size class has a free block (MMTk sweeps a block when an
    // allocator needs one), and only then bump.
    while (block === 0 && this.sweepNext < this.sweepEnd) {
      this.sweepNextChunk();
      block = this.heads[cls]!;
    }
    const u32 = this.memory.u32;
    if (block !== 0) {
      this.heads[cls] = u32[(block + HEADER_BYTES) >>> 2]!;
    } else {
      if (this.top + size > this.end && !this.newChunk()) return 0;
      block = this.top;
      this.top += size;
      this.chunkTops[this.chunkTops.length - 1] = this.top;
    }
    const m = this.memory.u32;
    writeHeader(m, block, size, status);
    this.used += size;
    this.blocks++;
    return block;
  }

  private newChunk(): boolean {
    let start: number;
    try {
      start = this.os.map(CHUNK);
    } catch {
      return false;
    }
    // The tail of the old chunk becomes free blocks of its own size class, so the walk stays exact.
    if (this.end > this.top) this.pushFree(this.top, this.end - this.top);
    this.chunks.push(start);
    this.chunkTops.push(start);
    this.top = start;
    this.end = start + CHUNK;
    return true;
  }

  private pushFree(block: number, size: number): void {
    const u32 = this.memory.u32;
    // A tail larger than the biggest class is cut into biggest-class blocks.
    while (size > MAX_SMALL_BLOCK) {
      this.pushFree(block, MAX_SMALL_BLOCK);
      block += MAX_SMALL_BLOCK;
      size -= MAX_SMALL_BLOCK;
    }
    writeHeader(u32, block, size, FREE);
    if (size >= 16) {
      u32[(block + HEADER_BYTES) >>> 2] = this.heads[size >>> 3]!;
      this.heads[size >>> 3] = block;
    }
    const c = this.chunks.length - 1;
    if (c >= 0 && block >= this.chunks[c]! && block + size > this.chunkTops[c]! && block < this.end)
      this.chunkTops[c] = block + size;
  }

  /** Returns the block whose payload is at `payload` to its size-class list. */
  free(payload: number): void {
    const block = payload - HEADER_BYTES;
    const size = blockSizeAt(this.memory.u32, block);
    this.used -= size;
    this.blocks--;
    this.pushFree(block, size);
  }

  /** Calls `visit(payload, status)` for every block, free ones included, in address order per chunk. */
  forEachBlock(visit: (payload: number) => void): void {
    const u32 = this.memory.u32;
    for (let c = 0; c < this.chunks.length; c++) {
      const end = this.chunkTops[c]!;
      for (let b = this.chunks[c]!; b < end; b += u32[b >>> 2]!) visit(b + HEADER_BYTES);
    }
  }

  /**
   * Eager sweep of the object blocks: an object block without MARK goes to `onDead` and then onto the
   * free lists; a marked one loses its mark. Aux and free blocks are left alone (aux blocks are freed by
   * their owner's death, inside `onDead`).
   * Before: marking is complete. After: no object block carries MARK; every dead object is free.
   */
  sweep(onDead: (payload: number) => void): void {
    for (let c = 0; c < this.chunks.length; c++) {
      let b = this.chunks[c]!;
      while (b < this.chunkTops[c]!) {
        const u32 = this.memory.u32;
        const size = u32[b >>> 2]!;
        const st = u32[(b + 4) >>> 2]!;
        if ((st & (FREE | AUX)) === 0) {
          if ((st & MARK) !== 0) u32[(b + 4) >>> 2] = st & ~MARK;
          else {
            onDead(b + HEADER_BYTES);
            this.free(b + HEADER_BYTES);
          }
        }
        b += size;
      }
    }
  }

  /**
   * Starts a lazy sweep. Before: marking is complete. The free lists are emptied and rebuilt chunk by
   * chunk as `alloc` (or `finishSweep`) sweeps them, so a new object never lands in an unswept chunk (it
   * carries no mark and would be taken for dead). Blocks bumped above a chunk's top at this moment are
   * new and never swept.
   */
  beginLazySweep(onDead: (payload: number) => void): void {
    this.heads.fill(0);
    this.sweepNext = 0;
    this.sweepEnd = this.chunks.length;
    this.sweepLimits = [...this.chunkTops];
    this.onDead = onDead;
  }

  /** Whether a lazy sweep has chunks left. */
  get sweeping(): boolean {
    return this.sweepNext < this.sweepEnd;
  }

  /**
   * Sweeps the next unswept chunk: dead objects go to `onDead` and onto the free lists, free blocks go
   * back onto the lists, survivors lose their mark. After: that chunk is as an eager sweep leaves it.
   */
  sweepNextChunk(): void {
    const c = this.sweepNext++;
    const onDead = this.onDead!;
    const end = this.sweepLimits[c]!;
    let b = this.chunks[c]!;
    while (b < end) {
      const u32 = this.memory.u32;
      const size = u32[b >>> 2]!;
      const st = u32[(b + 4) >>> 2]!;
      if ((st & FREE) !== 0) {
        if (size >= 16) {
          u32[(b + HEADER_BYTES) >>> 2] = this.heads[size >>> 3]!;
          this.heads[size >>> 3] = b;
        }
      } else if ((st & AUX) === 0) {
        if ((st & MARK) !== 0) u32[(b + 4) >>> 2] = st & ~MARK;
        else {
          onDead(b + HEADER_BYTES);
          // `free` inlined for the sweep's hot loop: a swept block lies below its chunk's top and is one
          // size class, so none of `pushFree`'s tail cases apply; only the list push remains.
          const m = this.memory.u32;
          this.used -= size;
          this.blocks--;
          writeHeader(m, b, size, FREE);
          m[(b + HEADER_BYTES) >>> 2] = this.heads[size >>> 3]!;
          this.heads[size >>> 3] = b;
        }
      }
      b += size;
    }
    if (this.sweepNext >= this.sweepEnd) this.onDead = null;
  }

  /** Completes a lazy sweep (before the next marking, and before anyone walks the space). */
  finishSweep(): void {
    while (this.sweepNext < this.sweepEnd) this.sweepNextChunk();
  }

  /** Whether `payload` is inside one of this space's chunks (below the chunk's top). */
  contains(payload: number): boolean {
    for (let c = 0; c < this.chunks.length; c++)
      if (payload > this.chunks[c]! && payload < this.chunkTops[c]!) return true;
    return false;
  }

  /** Bytes mapped. */
  capacityBytes(): number {
    return this.chunks.length * CHUNK;
  }

  /** Checks that every free-list entry is a FREE block of its class inside a chunk. */
  verifyFreeLists(fail: (msg: string, addr: number) => never): void {
    const u32 = this.memory.u32;
    for (let cls = 2; cls < this.heads.length; cls++) {
      let n = 0;
      for (let b = this.heads[cls]!; b !== 0; b = u32[(b + HEADER_BYTES) >>> 2]!) {
        const size = blockSizeAt(u32, b);
        if ((statusOf(u32, b + HEADER_BYTES) & FREE) === 0) fail("free-list entry is not a free block", b);
        if (size !== cls * 8) fail(`free-list entry of class ${cls * 8} has size ${size}`, b);
        if (!this.contains(b + HEADER_BYTES)) fail("free-list entry outside the space's chunks", b);
        if (++n > 1 << 24) fail("free list has a cycle", b);
      }
    }
  }
}
