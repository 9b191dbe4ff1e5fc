import { type LinearMemory, MemoryError, type OsMemory } from "@heaplab/runtime";
import { AUX, blockBytes, HEADER_BYTES, sizeOf, statusOf } from "../header";
import { FreeListSpace, MAX_SMALL_BLOCK } from "./free-list-space";
import { LargeObjectSpace } from "./large-object-space";

/**
 * Where auxiliary storage lives under every tracing strategy: a malloc-like, non-moving space
 * (size-class free lists for small blocks, one mapping per large block). Each block is owned by one
 * object; the collector frees it when the owner dies, the runtime when the owner resizes it. Keeping
 * it non-moving means a moving collector only fixes the one pointer in the owner, never the items.
 *
 * @example
 * const aux = new AuxSpace(os, memory);
 * const items = aux.alloc(64);
 * aux.free(items);
 */
export class AuxSpace {
  readonly small: FreeListSpace;
  readonly large: LargeObjectSpace;

  constructor(
    os: OsMemory,
    private readonly memory: LinearMemory,
  ) {
    this.small = new FreeListSpace(os, memory);
    this.large = new LargeObjectSpace(os);
  }

  /**
   * Allocates `bytes` of storage; returns its address, or 0 when the operating system refuses memory
   * (the caller collects and retries).
   */
  alloc(bytes: number): number {
    const size = Math.max(16, blockBytes(bytes));
    if (size <= MAX_SMALL_BLOCK) {
      const b = this.small.alloc(size, AUX);
      return b === 0 ? 0 : b + HEADER_BYTES;
    }
    try {
      return this.large.alloc(size, AUX, () => this.memory.u32) + HEADER_BYTES;
    } catch (e) {
      if (e instanceof MemoryError) return 0;
      throw e;
    }
  }

  /** Frees storage returned by `alloc`. */
  free(addr: number): void {
    if (sizeOf(this.memory.u32, addr) <= MAX_SMALL_BLOCK) this.small.free(addr);
    else this.large.free(addr, this.memory.u32);
  }

  /** Bytes of live storage. */
  usedBytes(): number {
    return this.small.used + this.large.usedBytes();
  }

  /** Bytes mapped. */
  heldBytes(): number {
    return this.small.capacityBytes() + this.large.usedBytes();
  }

  /** Whether `addr` is the payload of a live aux block. */
  isAux(addr: number): boolean {
    return (
      (statusOf(this.memory.u32, addr) & AUX) !== 0 && (this.small.contains(addr) || this.large.has(addr))
    );
  }
}
