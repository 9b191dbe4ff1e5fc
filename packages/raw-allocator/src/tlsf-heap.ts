import { HeapCorruptionError, type LinearMemory, MemoryError, type OsMemory } from "@heaplab/runtime";
import { formatBytes, OS_PAGE } from "@heaplab/runtime/internals";
import {
  blockSizeFor,
  FIRST,
  FREE,
  HEADER_BYTES,
  LEFT_FREE,
  MIN_BLOCK,
  REGION_MAGIC,
  REGION_OVERHEAD,
  SIZE_MASK,
} from "./block-layout";
import {
  FL_COUNT,
  highestBit,
  insertIndex,
  LIST_COUNT,
  lowestBit,
  SL_COUNT,
  searchIndex,
} from "./size-mapping";

/**
 * Tuning of the TLSF heap.
 * @example
 * const heap = new TlsfHeap(rt.os, { limitBytes: 64 << 20 });
 */
export interface TlsfOptions {
  /** Most bytes the heap may hold from the operating system (default: the OS limit). */
  readonly limitBytes?: number;
  /** Smallest ordinary region obtained from the OS (default 256 KiB). */
  readonly regionBytes?: number;
  /**
   * Blocks of at least this many bytes get a region of their own (glibc's `M_MMAP_THRESHOLD`, default
   * 128 KiB). Like glibc, the threshold rises to the size of a freed dedicated region (up to 32 MiB), so a
   * program that keeps freeing large blocks gets them from shared regions instead of mapping each.
   */
  readonly mmapThresholdBytes?: number;
  /**
   * Wholly free regions are kept for reuse while they total at most this many bytes, or the live
   * allocated bytes if that is more (glibc's trim threshold, scaled with the heap); the rest go back to
   * the OS at once, oldest first. Default 8 MiB.
   */
  readonly keepFreeRegionBytes?: number;
}

/**
 * The raw allocator's figures, all in bytes unless named otherwise.
 * @example
 * const { requestedBytes, allocatedBytes, liveBlocks } = raw.stats();
 */
export interface RawAllocatorStats {
  /** Bytes the caller asked for, summed over live blocks. */
  requestedBytes: number;
  /** Bytes of live blocks, headers included (what the requests cost). */
  allocatedBytes: number;
  /** Live blocks. */
  liveBlocks: number;
  /** Bytes mapped from the operating system now (regions). */
  heldBytes: number;
  /** The most bytes ever held at once. */
  peakHeldBytes: number;
  /** Bytes returned to the operating system so far (regions unmapped). */
  returnedBytes: number;
  /** Bytes in free blocks. */
  totalFreeBytes: number;
  /** The largest free block (what one request could get without asking the OS). */
  largestFreeBlock: number;
  /** `1 - largestFreeBlock / totalFreeBytes`: 0 when free memory is one block. */
  fragmentation: number;
  /** Regions mapped now. */
  regions: number;
  /** Calls that allocated (malloc, calloc, moving realloc). */
  mallocCalls: number;
  /** Calls that freed. */
  freeCalls: number;
}

/**
 * A TLSF (two-level segregated fit) heap over regions mapped from `OsMemory`: O(1) malloc and free,
 * immediate coalescing with both neighbours through boundary tags, good-fit search that bounds
 * fragmentation, and wholly free regions given back to the operating system (one ordinary region is
 * kept to avoid map/unmap thrashing, as CPython keeps one empty arena).
 *
 * This is the engine under `RawAllocator`; it does no debug decoration and no 0-byte bumping.
 *
 * @example
 * const heap = new TlsfHeap(os);
 * const p = heap.malloc(1000);
 * heap.free(p);
 */
export class TlsfHeap {
  readonly mem: LinearMemory;
  /** Bit `fl` set when some list of first level `fl` is non-empty. */
  private flMap = 0;
  /** Bit `sl` of word `fl` set when list `fl * 16 + sl` is non-empty. */
  private readonly slMap = new Uint32Array(FL_COUNT);
  /** Head (header address) of each free list; 0 when empty. */
  private readonly heads = new Uint32Array(LIST_COUNT);
  /** Mapped regions: base address → size. */
  readonly regions = new Map<number, number>();
  /** One byte per OS page: 1 if the page belongs to one of our regions (foreign-pointer check). */
  private pageOwner: Uint8Array;
  /** Headers of the wholly free regions kept for reuse, oldest first (a few at most). */
  private readonly spares: number[] = [];
  /** Bytes of those regions. */
  private spareBytes = 0;
  readonly limitBytes: number;
  readonly regionBytes: number;
  readonly keepFreeRegionBytes: number;
  /** The current dedicated-region threshold (dynamic, as glibc's). */
  mmapThreshold: number;

  requestedBytes = 0;
  allocatedBytes = 0;
  liveBlocks = 0;
  freeBytes = 0;
  heldBytes = 0;
  peakHeldBytes = 0;
  returnedBytes = 0;
  mallocCalls = 0;
  freeCalls = 0;

  constructor(
    readonly os: OsMemory,
    options: TlsfOptions = {},
  ) {
    this.mem = os.memory;
    this.limitBytes = options.limitBytes ?? os.limitBytes;
    this.regionBytes = roundPage(options.regionBytes ?? 256 * 1024);
    this.keepFreeRegionBytes = options.keepFreeRegionBytes ?? 8 * 1024 * 1024;
    this.mmapThreshold = options.mmapThresholdBytes ?? 128 * 1024;
    this.pageOwner = new Uint8Array(Math.ceil(this.mem.limitBytes / OS_PAGE) + 1);
  }

  /**
   * Allocates a block for `n` bytes (n ≥ 1) and returns its 16-byte aligned payload address.
   * @throws MemoryError when the OS or the limit refuses a new region; the heap is unchanged.
   */
  malloc(n: number): number {
    const bs = blockSizeFor(n);
    let h = this.findFree(bs);
    if (h === 0) h = this.addRegion(bs, n);
    const u32 = this.mem.u32;
    const hdr = u32[h >>> 2]!;
    let size = hdr & SIZE_MASK;
    this.unlinkFree(u32, h, size);
    if (hdr & FIRST && this.spares.length > 0 && u32[(h + size) >>> 2] === LEFT_FREE) this.takeSpare(h, size);
    this.freeBytes -= size;
    const rest = size - bs;
    if (rest >= MIN_BLOCK) {
      // Split: the tail becomes a free block; the right neighbour keeps LEFT_FREE.
      const r = h + bs;
      u32[r >>> 2] = rest | FREE;
      u32[(r + 4) >>> 2] = 0;
      u32[(r + rest - 4) >>> 2] = r;
      this.linkFree(u32, r, rest);
      this.freeBytes += rest;
      size = bs;
    } else {
      const right = (h + size) >>> 2;
      u32[right] = u32[right]! & ~LEFT_FREE;
    }
    // h was free, so its left neighbour is used: LEFT_FREE is clear.
    u32[h >>> 2] = size | (hdr & FIRST);
    u32[(h + 4) >>> 2] = n;
    this.requestedBytes += n;
    this.allocatedBytes += size;
    this.liveBlocks++;
    this.mallocCalls++;
    return h + HEADER_BYTES;
  }

  /**
   * Frees the block at payload address `p`, coalescing it with free neighbours. A region that becomes
   * wholly free goes back to the OS (unless it is the one kept).
   * @throws HeapCorruptionError for a pointer this heap did not return, or a double free.
   */
  free(p: number): void {
    const h = this.checkBlock(p, "free");
    const u32 = this.mem.u32;
    const hdr = u32[h >>> 2]!;
    let size = hdr & SIZE_MASK;
    this.requestedBytes -= u32[(h + 4) >>> 2]!;
    this.allocatedBytes -= size;
    this.liveBlocks--;
    this.freeCalls++;
    this.freeBytes += size;
    let start = h;
    let first = hdr & FIRST;
    // Coalesce with the right neighbour.
    const r = h + size;
    const rhdr = u32[r >>> 2]!;
    if (rhdr & FREE) {
      const rs = rhdr & SIZE_MASK;
      this.unlinkFree(u32, r, rs);
      size += rs;
    }
    // Coalesce with the left neighbour (its header address is the back pointer before ours).
    if (hdr & LEFT_FREE) {
      const l = u32[(h - 4) >>> 2]!;
      const lhdr = u32[l >>> 2]!;
      const ls = lhdr & SIZE_MASK;
      this.unlinkFree(u32, l, ls);
      size += ls;
      start = l;
      first = lhdr & FIRST;
    }
    u32[start >>> 2] = size | FREE | first;
    u32[(start + 4) >>> 2] = 0;
    u32[(start + size - 4) >>> 2] = start;
    const end = (start + size) >>> 2;
    u32[end] = u32[end]! | LEFT_FREE;
    if (first !== 0 && (u32[end]! & SIZE_MASK) === 0) this.regionFreed(start, size);
    else this.linkFree(u32, start, size);
  }

  /**
   * Resizes the block at `p` to `n` bytes (n ≥ 1): in place when it shrinks or when the right
   * neighbour is free and large enough, else by malloc + copy + free.
   * @throws MemoryError when a move is needed and fails; the old block is then untouched.
   */
  realloc(p: number, n: number): number {
    const h = this.checkBlock(p, "realloc");
    const u32 = this.mem.u32;
    const hdr = u32[h >>> 2]!;
    const size = hdr & SIZE_MASK;
    const bs = blockSizeFor(n);
    const keep = hdr & (FIRST | LEFT_FREE);
    if (bs <= size) {
      this.shrinkInPlace(u32, h, size, bs, keep);
      this.requestedBytes += n - u32[(h + 4) >>> 2]!;
      u32[(h + 4) >>> 2] = n;
      return p;
    }
    const r = h + size;
    const rhdr = u32[r >>> 2]!;
    if (rhdr & FREE && size + (rhdr & SIZE_MASK) >= bs) {
      // Absorb the free right neighbour, then give back what is not needed.
      const rs = rhdr & SIZE_MASK;
      this.unlinkFree(u32, r, rs);
      this.freeBytes -= rs;
      this.allocatedBytes += rs;
      const total = size + rs;
      const end = (h + total) >>> 2;
      u32[end] = u32[end]! & ~LEFT_FREE;
      u32[h >>> 2] = total | keep;
      this.shrinkInPlace(u32, h, total, bs, keep);
      this.requestedBytes += n - u32[(h + 4) >>> 2]!;
      u32[(h + 4) >>> 2] = n;
      return p;
    }
    const q = this.malloc(n);
    this.mem.copy(q, p, Math.min(size - HEADER_BYTES, n));
    this.free(p);
    return q;
  }

  /** Bytes the caller may use at `p` (the block size minus its header). */
  usableSize(p: number): number {
    const h = this.checkBlock(p, "usableSize");
    return (this.mem.u32[h >>> 2]! & SIZE_MASK) - HEADER_BYTES;
  }

  /** The bytes requested for the live block at `p`. */
  requestedSize(p: number): number {
    const h = this.checkBlock(p, "requestedSize");
    return this.mem.u32[(h + 4) >>> 2]!;
  }

  /** True if `p` is the payload address of a live block of this heap (a cheap, not exhaustive check). */
  owns(p: number): boolean {
    const h = p - HEADER_BYTES;
    if ((p & 15) !== 0 || h < OS_PAGE || this.pageOwner[p >>> 12] !== 1) return false;
    const hdr = this.mem.u32[h >>> 2]!;
    return (hdr & FREE) === 0 && (hdr & SIZE_MASK) >= MIN_BLOCK;
  }

  /** The figures of `RawAllocatorStats`. */
  stats(): RawAllocatorStats {
    const largest = this.largestFreeBlock();
    return {
      requestedBytes: this.requestedBytes,
      allocatedBytes: this.allocatedBytes,
      liveBlocks: this.liveBlocks,
      heldBytes: this.heldBytes,
      peakHeldBytes: this.peakHeldBytes,
      returnedBytes: this.returnedBytes,
      totalFreeBytes: this.freeBytes,
      largestFreeBlock: largest,
      fragmentation: this.freeBytes === 0 ? 0 : 1 - largest / this.freeBytes,
      regions: this.regions.size,
      mallocCalls: this.mallocCalls,
      freeCalls: this.freeCalls,
    };
  }

  /** Size of the largest free block: the highest non-empty list holds it (scan that one list). */
  largestFreeBlock(): number {
    if (this.flMap === 0) return 0;
    const fl = highestBit(this.flMap);
    const idx = fl * SL_COUNT + highestBit(this.slMap[fl]!);
    const u32 = this.mem.u32;
    let best = 0;
    for (let b = this.heads[idx]!; b !== 0; b = u32[(b + 8) >>> 2]!) {
      const s = u32[b >>> 2]! & SIZE_MASK;
      if (s > best) best = s;
    }
    return best;
  }

  /**
   * Walks every region block by block and every free list, and checks the boundary tags, the lists,
   * the bitmaps and the counters.
   * @throws HeapCorruptionError naming the address of the first broken block.
   */
  verify(): void {
    const u32 = this.mem.u32;
    let freeCount = 0;
    let freeBytes = 0;
    let live = 0;
    let allocated = 0;
    let requested = 0;
    let held = 0;
    for (const [base, regionSize] of this.regions) {
      held += regionSize;
      if (u32[base >>> 2] !== regionSize || u32[(base + 4) >>> 2] !== REGION_MAGIC) {
        throw new HeapCorruptionError(
          `raw allocator region header overwritten (size ${regionSize} expected)`,
          base,
        );
      }
      const tail = base + regionSize - HEADER_BYTES;
      let h = base + HEADER_BYTES;
      let leftFree = false;
      while (h < tail) {
        const hdr = u32[h >>> 2]!;
        const size = hdr & SIZE_MASK;
        if (size < MIN_BLOCK || h + size > tail) {
          throw new HeapCorruptionError(`raw block size word 0x${hdr.toString(16)} is impossible`, h);
        }
        if (((hdr & FIRST) !== 0) !== (h === base + HEADER_BYTES)) {
          throw new HeapCorruptionError("raw block FIRST flag is wrong", h);
        }
        if (((hdr & LEFT_FREE) !== 0) !== leftFree) {
          throw new HeapCorruptionError("raw block LEFT_FREE flag disagrees with its left neighbour", h);
        }
        const isFree = (hdr & FREE) !== 0;
        if (isFree) {
          if (leftFree) throw new HeapCorruptionError("two adjacent free raw blocks were not coalesced", h);
          if (u32[(h + size - 4) >>> 2] !== h) {
            throw new HeapCorruptionError("free raw block's back pointer is wrong", h);
          }
          freeCount++;
          freeBytes += size;
        } else {
          live++;
          allocated += size;
          const req = u32[(h + 4) >>> 2]!;
          if (blockSizeFor(req) > size) {
            throw new HeapCorruptionError(`raw block of ${size} bytes records ${req} requested bytes`, h);
          }
          requested += req;
        }
        leftFree = isFree;
        h += size;
      }
      if (
        h !== tail ||
        (u32[tail >>> 2]! & ~LEFT_FREE) !== 0 ||
        ((u32[tail >>> 2]! & LEFT_FREE) !== 0) !== leftFree
      ) {
        throw new HeapCorruptionError("raw region's tail block is missing or wrong", tail);
      }
    }
    let listed = 0;
    let flMap = 0;
    for (let idx = 0; idx < LIST_COUNT; idx++) {
      let prev = 0;
      const head = this.heads[idx]!;
      const bit = ((this.slMap[idx >>> 4]! >>> (idx & 15)) & 1) === 1;
      if ((head !== 0) !== bit) throw new HeapCorruptionError(`free-list bitmap wrong for list ${idx}`, head);
      if (head !== 0) flMap |= 1 << (idx >>> 4);
      for (let b = head; b !== 0; b = u32[(b + 8) >>> 2]!) {
        const hdr = u32[b >>> 2]!;
        if (!(hdr & FREE)) throw new HeapCorruptionError("a used raw block is on a free list", b);
        if (insertIndex(hdr & SIZE_MASK) !== idx)
          throw new HeapCorruptionError("raw block on the wrong free list", b);
        if (u32[(b + 12) >>> 2] !== prev) throw new HeapCorruptionError("raw free list prev link broken", b);
        prev = b;
        if (++listed > freeCount)
          throw new HeapCorruptionError("raw free list has a cycle or stray block", b);
      }
    }
    if (flMap !== this.flMap) throw new HeapCorruptionError("first-level bitmap disagrees with the lists", 0);
    if (listed !== freeCount) {
      throw new HeapCorruptionError(`${freeCount - listed} free raw blocks are on no free list`, 0);
    }
    const counters: [string, number, number][] = [
      ["free bytes", freeBytes, this.freeBytes],
      ["live blocks", live, this.liveBlocks],
      ["allocated bytes", allocated, this.allocatedBytes],
      ["requested bytes", requested, this.requestedBytes],
      ["held bytes", held, this.heldBytes],
    ];
    for (const [name, walked, counted] of counters) {
      if (walked !== counted) {
        throw new HeapCorruptionError(`raw allocator ${name}: walked ${walked}, counted ${counted}`, 0);
      }
    }
  }

  /**
   * Checks that `p` can be the payload of a live block and returns its header address.
   * Catches foreign pointers (outside every region), misaligned ones and double frees.
   */
  private checkBlock(p: number, op: string): number {
    const h = p - HEADER_BYTES;
    if ((p & 15) !== 0 || h < OS_PAGE || this.pageOwner[p >>> 12] !== 1) {
      throw new HeapCorruptionError(
        `${op}(): invalid pointer: not the address of a block of the raw allocator (free of a foreign or never-allocated address)`,
        p,
      );
    }
    const hdr = this.mem.u32[h >>> 2]!;
    if (hdr & FREE) {
      throw new HeapCorruptionError(
        `${op}(): double free or use of a freed block: the block is already free`,
        p,
      );
    }
    const size = hdr & SIZE_MASK;
    if (size < MIN_BLOCK || this.pageOwner[(h + size) >>> 12] !== 1) {
      throw new HeapCorruptionError(
        `${op}(): invalid pointer: block size word 0x${hdr.toString(16)} is corrupt`,
        p,
      );
    }
    return h;
  }

  /** Gives back the tail of a used block beyond `bs` bytes as a free block (merged with a free right neighbour). */
  private shrinkInPlace(u32: Uint32Array, h: number, size: number, bs: number, keep: number): void {
    let rest = size - bs;
    if (rest < MIN_BLOCK) return;
    this.allocatedBytes -= rest;
    this.freeBytes += rest;
    u32[h >>> 2] = bs | keep;
    const r = h + bs;
    const next = h + size;
    const nhdr = u32[next >>> 2]!;
    if (nhdr & FREE) {
      const ns = nhdr & SIZE_MASK;
      this.unlinkFree(u32, next, ns);
      rest += ns;
    }
    u32[r >>> 2] = rest | FREE;
    u32[(r + 4) >>> 2] = 0;
    u32[(r + rest - 4) >>> 2] = r;
    const end = (r + rest) >>> 2;
    u32[end] = u32[end]! | LEFT_FREE;
    this.linkFree(u32, r, rest);
  }

  /** O(1) good-fit search: the head of the first non-empty list whose blocks are all ≥ `bs`, or 0. */
  private findFree(bs: number): number {
    const idx = searchIndex(bs);
    let fl = idx >>> 4;
    let slm = this.slMap[fl]! & (~0 << (idx & 15));
    if (slm === 0) {
      const flm = this.flMap & (~0 << (fl + 1));
      if (flm === 0) return 0;
      fl = lowestBit(flm);
      slm = this.slMap[fl]!;
    }
    return this.heads[(fl << 4) | lowestBit(slm)]!;
  }

  /** Pushes free block `h` of `size` bytes on the front of its list and sets the bitmap bits. */
  private linkFree(u32: Uint32Array, h: number, size: number): void {
    const idx = insertIndex(size);
    const head = this.heads[idx]!;
    u32[(h + 8) >>> 2] = head;
    u32[(h + 12) >>> 2] = 0;
    if (head !== 0) u32[(head + 12) >>> 2] = h;
    this.heads[idx] = h;
    this.flMap |= 1 << (idx >>> 4);
    this.slMap[idx >>> 4]! |= 1 << (idx & 15);
  }

  /** Unlinks free block `h` of `size` bytes from its list, clearing bitmap bits of an emptied list. */
  private unlinkFree(u32: Uint32Array, h: number, size: number): void {
    const next = u32[(h + 8) >>> 2]!;
    const prev = u32[(h + 12) >>> 2]!;
    if (next !== 0) u32[(next + 12) >>> 2] = prev;
    if (prev !== 0) {
      u32[(prev + 8) >>> 2] = next;
      return;
    }
    const idx = insertIndex(size);
    this.heads[idx] = next;
    if (next === 0) {
      const fl = idx >>> 4;
      const sl = (this.slMap[fl]! & ~(1 << (idx & 15))) >>> 0;
      this.slMap[fl] = sl;
      if (sl === 0) this.flMap &= ~(1 << fl);
    }
  }

  /**
   * Maps a region big enough for a block of `bs` bytes and links its one free block. A block at or
   * above the mmap threshold gets a region of its own (as glibc mmaps it); a smaller one gets an
   * ordinary region that can hold it four times over (at least `regionBytes`).
   */
  private addRegion(bs: number, n: number): number {
    const need = bs + REGION_OVERHEAD;
    const size = bs >= this.mmapThreshold ? roundPage(need) : Math.max(this.regionBytes, roundPage(4 * need));
    if (this.heldBytes + size > this.limitBytes) {
      throw new MemoryError(
        `MemoryError: PyMem_RawMalloc(${n}) failed: a new region of ${formatBytes(size)} would exceed the raw allocator's limit (${formatBytes(this.heldBytes)} of ${formatBytes(this.limitBytes)} held)`,
        n,
        this.limitBytes,
        this.heldBytes,
      );
    }
    let base: number;
    try {
      base = this.os.map(size);
    } catch (e) {
      if (!(e instanceof MemoryError)) throw e;
      throw new MemoryError(
        `MemoryError: PyMem_RawMalloc(${n}) failed: the operating system refused ${formatBytes(size)} (${e.message})`,
        n,
        e.limit,
        e.held,
      );
    }
    const u32 = this.mem.u32;
    u32[base >>> 2] = size;
    u32[(base + 4) >>> 2] = REGION_MAGIC;
    const h = base + HEADER_BYTES;
    const blockSize = size - REGION_OVERHEAD;
    u32[h >>> 2] = blockSize | FREE | FIRST;
    u32[(h + blockSize - 4) >>> 2] = h;
    const tail = h + blockSize;
    u32[tail >>> 2] = LEFT_FREE;
    u32[(tail + 4) >>> 2] = 0;
    this.linkFree(u32, h, blockSize);
    this.freeBytes += blockSize;
    this.regions.set(base, size);
    this.pageOwner.fill(1, base >>> 12, (base + size) >>> 12);
    this.heldBytes += size;
    if (this.heldBytes > this.peakHeldBytes) this.peakHeldBytes = this.heldBytes;
    return h;
  }

  /**
   * Block `h` now spans its whole region. Keep it for reuse, then trim the kept regions (oldest first)
   * to the budget. Before: `h` is on no list; after: it is linked as a spare, or gone with its region.
   */
  private regionFreed(h: number, size: number): void {
    const regionSize = size + REGION_OVERHEAD;
    // glibc's dynamic threshold: a freed block this large is evidently common, serve it from shared regions.
    if (size >= this.mmapThreshold && size <= MAX_MMAP_THRESHOLD) this.mmapThreshold = size + 16;
    this.linkFree(this.mem.u32, h, size);
    this.spares.push(h);
    this.spareBytes += regionSize;
    const budget = Math.max(this.keepFreeRegionBytes, this.allocatedBytes);
    while (this.spareBytes > budget && this.spares.length > 0) {
      const old = this.spares.shift()!;
      const oldSize = this.mem.u32[old >>> 2]! & SIZE_MASK;
      this.unlinkFree(this.mem.u32, old, oldSize);
      this.spareBytes -= oldSize + REGION_OVERHEAD;
      this.unmapRegion(old - HEADER_BYTES, oldSize);
    }
  }

  /** Malloc took the wholly free region block `h`: it is no longer a spare. */
  private takeSpare(h: number, size: number): void {
    const i = this.spares.indexOf(h);
    if (i < 0) return;
    this.spares.splice(i, 1);
    this.spareBytes -= size + REGION_OVERHEAD;
  }

  /** Returns a wholly free region (its block of `blockSize` bytes already unlinked) to the OS. */
  private unmapRegion(base: number, blockSize: number): void {
    const size = blockSize + REGION_OVERHEAD;
    this.freeBytes -= blockSize;
    this.os.unmap(base, size);
    this.regions.delete(base);
    this.pageOwner.fill(0, base >>> 12, (base + size) >>> 12);
    this.heldBytes -= size;
    this.returnedBytes += size;
  }
}

/** glibc's `DEFAULT_MMAP_THRESHOLD_MAX` on 64-bit: the dynamic threshold never rises above 32 MiB. */
const MAX_MMAP_THRESHOLD = 32 * 1024 * 1024;

function roundPage(n: number): number {
  return Math.ceil(n / OS_PAGE) * OS_PAGE;
}
