import { HeapCorruptionError, type OsMemory } from "@heaplab/runtime";
import { blockSizeAt, clearStatus, HEADER_BYTES, MARK, statusOf, writeHeader } from "../header";

/**
 * Large objects, each in its own page-granular mapping (MMTk's LargeObjectSpace, the CLR's LOH):
 * never moved, swept by unmapping. Also holds large auxiliary blocks.
 *
 * @example
 * const los = new LargeObjectSpace(os);
 * const block = los.alloc(100_000, 0);
 */
export class LargeObjectSpace {
  /** Block addresses, kept sorted by address. */
  private blocks: number[] = [];
  private bytes = 0;

  constructor(private readonly os: OsMemory) {}

  /** Maps a block of `size` bytes (header included) with `status`; returns the block address. */
  alloc(size: number, status: number, u32of: () => Uint32Array): number {
    const block = this.os.map(size);
    writeHeader(u32of(), block, size, status);
    let i = this.blocks.length;
    while (i > 0 && this.blocks[i - 1]! > block) i--;
    this.blocks.splice(i, 0, block);
    this.bytes += size;
    return block;
  }

  /** Unmaps the block whose payload is at `payload`. @throws HeapCorruptionError if it holds no such block. */
  free(payload: number, u32: Uint32Array): void {
    const block = payload - HEADER_BYTES;
    const size = blockSizeAt(u32, block);
    const i = this.blocks.indexOf(block);
    if (i < 0) throw new HeapCorruptionError("freeing a block the large-object space does not hold", payload);
    this.blocks.splice(i, 1);
    this.bytes -= size;
    this.os.unmap(block, size);
  }

  /** Whether `payload` is a block of this space. */
  has(payload: number): boolean {
    return this.blocks.includes(payload - HEADER_BYTES);
  }

  /** Calls `visit(payload)` for every block, in address order. */
  forEachBlock(visit: (payload: number) => void): void {
    for (const b of [...this.blocks]) visit(b + HEADER_BYTES);
  }

  /**
   * Sweeps the object blocks selected by `isCandidate`: unmarked ones go to `onDead` and are unmapped,
   * marked ones lose their mark. Aux blocks are left to their owners.
   */
  sweep(
    u32of: () => Uint32Array,
    isCandidate: (payload: number) => boolean,
    onDead: (payload: number) => void,
  ): void {
    for (const b of [...this.blocks]) {
      const p = b + HEADER_BYTES;
      if (!isCandidate(p)) continue;
      const u32 = u32of();
      if ((statusOf(u32, p) & MARK) !== 0) clearStatus(u32, p, MARK);
      else {
        onDead(p);
        this.free(p, u32of());
      }
    }
  }

  /** Bytes mapped for blocks. */
  usedBytes(): number {
    return this.bytes;
  }

  get count(): number {
    return this.blocks.length;
  }
}
