import type { OsMemory } from "@heaplab/runtime";
import type { ObjectMemory } from "./object-memory";

const CHUNK = 1 << 20;
const HEADER = 8;
const CLASS_BYTES = 16;
const SMALL_LIMIT = 512;

/**
 * A plain segregated-fit allocator on `OsMemory`: 16-byte size classes up to 512 bytes carved from
 * 1 MiB chunks, each block with an 8-byte size header, freed blocks kept per class; larger blocks map
 * their own pages. It stands in for pymalloc when a strategy is built without one.
 *
 * @example
 * const mem = new SizeClassMemory(rt.os);
 * const b = mem.malloc(40);
 * mem.free(b);
 */
export class SizeClassMemory implements ObjectMemory {
  private readonly freeBlocks: number[][] = Array.from({ length: SMALL_LIMIT / CLASS_BYTES + 1 }, () => []);
  private top = 0;
  private end = 0;

  constructor(private readonly os: OsMemory) {}

  malloc(bytes: number): number {
    const size = Math.max(CLASS_BYTES, (bytes + HEADER + CLASS_BYTES - 1) & ~(CLASS_BYTES - 1));
    const u32 = this.os.memory.u32;
    if (size - HEADER > SMALL_LIMIT) {
      const pages = this.os.map(size);
      this.os.memory.u32[pages >>> 2] = size;
      this.os.memory.u32[(pages + 4) >>> 2] = 1;
      return pages + HEADER;
    }
    const cls = size / CLASS_BYTES;
    const list = this.freeBlocks[cls]!;
    if (list.length > 0) return list.pop()!;
    if (this.top + size > this.end) {
      this.top = this.os.map(CHUNK);
      this.end = this.top + CHUNK;
    }
    const block = this.top;
    this.top += size;
    const m = this.os.memory.u32 === u32 ? u32 : this.os.memory.u32;
    m[block >>> 2] = size;
    m[(block + 4) >>> 2] = 0;
    return block + HEADER;
  }

  realloc(addr: number, bytes: number): number {
    if (addr === 0) return this.malloc(bytes);
    const old = this.os.memory.u32[(addr - HEADER) >>> 2]! - HEADER;
    if (bytes <= old && old - bytes < CLASS_BYTES) return addr;
    const n = this.malloc(bytes);
    this.os.memory.copy(n, addr, Math.min(old, bytes));
    this.free(addr);
    return n;
  }

  free(addr: number): void {
    const u32 = this.os.memory.u32;
    const size = u32[(addr - HEADER) >>> 2]!;
    if (u32[(addr - HEADER + 4) >>> 2] === 1) {
      this.os.unmap(addr - HEADER, size);
      return;
    }
    this.freeBlocks[size / CLASS_BYTES]!.push(addr);
  }
}
