import { formatBytes, MemoryError } from "../errors";
import type { LinearMemory } from "./linear-memory";

/** The page size of this heap's "operating system": 4 KiB, as CPython assumes. */
export const OS_PAGE = 4096;

/**
 * The operating system under the heap: `mmap`/`munmap` of page-granular regions inside linear memory.
 *
 * Mapped regions are zero-filled. Unmapped pages are zeroed and counted as returned to the operating
 * system, so `heldBytes` is the process's real footprint and can go down. Free address ranges are kept
 * sorted and coalesced; a request takes the lowest range that fits (first fit), else extends the break.
 *
 * @example
 * const os = new OsMemory(mem, { limitBytes: 1 << 30 });
 * const arena = os.map(1 << 20, 4096);   // an mmap'ed arena
 * os.unmap(arena, 1 << 20);               // munmap: held bytes drop by 1 MiB
 */
export class OsMemory {
  /** The most bytes that may be mapped at once (the process limit). */
  limitBytes: number;
  /** Bytes mapped now. */
  heldBytes = 0;
  /** The most bytes ever mapped at once. */
  peakHeldBytes = 0;
  /** Bytes unmapped so far (returned to the operating system). */
  returnedBytes = 0;
  /** Number of map calls that succeeded. */
  mapCount = 0;
  /** End of the highest mapping ever made. */
  brk: number;
  /** Holes below `brk`, sorted by address: parallel arrays of start and length. */
  private holeStart: number[] = [];
  private holeLength: number[] = [];
  /** Fault injection: called before every mapping (the runtime's `FaultInjector` at site `os`). */
  beforeMap: ((bytes: number) => void) | null = null;

  constructor(
    readonly memory: LinearMemory,
    options: { limitBytes?: number; base?: number } = {},
  ) {
    this.limitBytes = options.limitBytes ?? memory.limitBytes;
    // Address 0 is None; the first page is never mapped so that no valid object lives below 4096.
    this.brk = options.base ?? OS_PAGE;
  }

  /**
   * Maps `bytes` (rounded up to whole pages) at an address aligned to `align` (a power of two, at least
   * a page). Returns the address of zero-filled memory.
   * @throws MemoryError past the limit.
   */
  map(bytes: number, align = OS_PAGE): number {
    const size = roundUp(bytes, OS_PAGE);
    if (align < OS_PAGE) align = OS_PAGE;
    this.beforeMap?.(size);
    if (this.heldBytes + size > this.limitBytes) {
      throw new MemoryError(
        `cannot map ${formatBytes(size)}: ${formatBytes(this.heldBytes)} of the ${formatBytes(this.limitBytes)} limit already held`,
        size,
        this.limitBytes,
        this.heldBytes,
      );
    }
    let addr = this.takeHole(size, align);
    if (addr < 0) {
      const start = roundUp(this.brk, align);
      this.memory.ensure(start + size);
      if (start > this.brk) this.addHole(this.brk, start - this.brk);
      this.brk = start + size;
      addr = start;
    }
    this.heldBytes += size;
    if (this.heldBytes > this.peakHeldBytes) this.peakHeldBytes = this.heldBytes;
    this.mapCount++;
    return addr;
  }

  /** Unmaps `[addr, addr + bytes)`: the pages are zeroed and returned to the operating system. */
  unmap(addr: number, bytes: number): void {
    const size = roundUp(bytes, OS_PAGE);
    if (addr % OS_PAGE !== 0 || addr < OS_PAGE || addr + size > this.brk) {
      throw new MemoryError(
        `munmap of an unmapped or unaligned region at 0x${addr.toString(16)}`,
        size,
        this.limitBytes,
        this.heldBytes,
      );
    }
    this.memory.fill(addr, size, 0);
    this.heldBytes -= size;
    this.returnedBytes += size;
    this.addHole(addr, size);
  }

  /** True if `addr` lies in a hole (an unmapped range below the break). */
  isUnmapped(addr: number): boolean {
    for (let i = 0; i < this.holeStart.length; i++) {
      const s = this.holeStart[i]!;
      if (addr < s) return false;
      if (addr < s + this.holeLength[i]!) return true;
    }
    return addr >= this.brk;
  }

  private takeHole(size: number, align: number): number {
    for (let i = 0; i < this.holeStart.length; i++) {
      const s = this.holeStart[i]!;
      const len = this.holeLength[i]!;
      const a = roundUp(s, align);
      if (a + size > s + len) continue;
      // Split the hole into the part before `a` and the part after `a + size`.
      const before = a - s;
      const after = s + len - (a + size);
      const parts: number[][] = [];
      if (before > 0) parts.push([s, before]);
      if (after > 0) parts.push([a + size, after]);
      this.holeStart.splice(i, 1, ...parts.map((p) => p[0]!));
      this.holeLength.splice(i, 1, ...parts.map((p) => p[1]!));
      return a;
    }
    return -1;
  }

  private addHole(addr: number, size: number): void {
    let i = 0;
    while (i < this.holeStart.length && this.holeStart[i]! < addr) i++;
    this.holeStart.splice(i, 0, addr);
    this.holeLength.splice(i, 0, size);
    // Coalesce with the next and the previous hole.
    if (i + 1 < this.holeStart.length && addr + size === this.holeStart[i + 1]) {
      this.holeLength[i]! += this.holeLength[i + 1]!;
      this.holeStart.splice(i + 1, 1);
      this.holeLength.splice(i + 1, 1);
    }
    if (i > 0 && this.holeStart[i - 1]! + this.holeLength[i - 1]! === addr) {
      this.holeLength[i - 1]! += this.holeLength[i]!;
      this.holeStart.splice(i, 1);
      this.holeLength.splice(i, 1);
    }
  }
}

/** Rounds `n` up to a multiple of `to` (a power of two). */
export function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
