import { formatBytes, HeapCorruptionError, MemoryError } from "../errors";
import type { CollectReason } from "../events/event-stream";
import { InjectedMemoryError } from "../faults/fault-injector";
import type { TypeInfo } from "../model/type-info";
import type { StrategyEntry } from "../strategy/catalog";
import type { Constraints, HeapServices, HeapStats, Strategy, StrategyOptions } from "../strategy/strategy";

/** Chunks the none strategy maps from the operating system at a time. */
const CHUNK = 1 << 20;
/** Header word: low u32 = block bytes (header included); high u32 = flags. */
const HEADER = 8;
const FLAG_AUX = 1;
const FLAG_FREED_AUX = 2;

const constraints: Constraints = {
  movesObjects: false,
  generational: false,
  referenceCounting: false,
  reclaimsCycles: false,
  deterministicFinalization: false,
  barrier: "none",
  largeObjectThreshold: Number.POSITIVE_INFINITY,
  pinning: true,
  generations: 1,
  largeObjects: "every object, large or small, is bump-allocated and never moves or dies",
  // The first allocation maps one whole chunk.
  minHeapBytes: CHUNK,
};

/**
 * The `none` strategy (MMTk's NoGC, the JVM's Epsilon): bump allocation in 1 MiB chunks until the heap
 * limit, never a collection, then `MemoryError`. It proves the runtime interface before any collector.
 * Each block has an 8-byte header (its size), so the heap can be walked.
 * @example
 * const rt = new Runtime(new NoneStrategy());
 */
export class NoneStrategy implements Strategy {
  readonly name = "none";
  readonly description = "allocate until the limit, never collect, then MemoryError (MMTk NoGC, JVM Epsilon)";
  readonly constraints = constraints;
  private heap!: HeapServices;
  private chunks: number[] = [];
  private chunkEnds: number[] = [];
  private top = 0;
  private end = 0;
  private used = 0;
  private objects = 0;

  attach(heap: HeapServices): void {
    this.heap = heap;
  }

  prefixBytes(_t: TypeInfo): number {
    return HEADER;
  }

  private bump(bytes: number, flags: number): number {
    const size = (bytes + HEADER + 7) & ~7;
    if (this.top + size > this.end) {
      const chunk = Math.max(CHUNK, size);
      let start: number;
      try {
        start = this.heap.os.map(chunk);
      } catch (e) {
        if (!(e instanceof MemoryError) || e instanceof InjectedMemoryError) throw e;
        throw new MemoryError(
          this.used === 0 || chunk > e.limit
            ? `a chunk of ${formatBytes(chunk)} for a request of ${formatBytes(size)} does not fit in the heap limit of ${formatBytes(e.limit)}`
            : `the 'none' strategy never collects and its heap is full: ${formatBytes(this.used)} used by ${this.objects} objects in ${formatBytes(e.held)} held, ${formatBytes(size)} requested, limit ${formatBytes(e.limit)}`,
          size,
          e.limit,
          e.held,
        );
      }
      // The old chunk's unused tail is never walked: `chunkEnds` records where its objects end.
      this.chunks.push(start);
      this.chunkEnds.push(start);
      this.top = start;
      this.end = start + chunk;
    }
    const block = this.top;
    const u32 = this.heap.memory.u32;
    u32[block >>> 2] = size;
    u32[(block + 4) >>> 2] = flags;
    this.top += size;
    this.chunkEnds[this.chunkEnds.length - 1] = this.top;
    this.used += size;
    return block + HEADER;
  }

  allocate(t: TypeInfo, bodyBytes: number): number {
    const obj = this.bump(bodyBytes, 0);
    this.heap.memory.fill(obj, (bodyBytes + 7) & ~7, 0);
    this.heap.memory.u32[obj >>> 2] = t.id;
    this.objects++;
    return obj;
  }

  allocAux(bytes: number): number {
    return this.bump(bytes, FLAG_AUX);
  }

  reallocAux(addr: number, oldBytes: number, newBytes: number): number {
    const a = this.allocAux(newBytes);
    if (addr !== 0) {
      this.heap.memory.copy(a, addr, Math.min(oldBytes, newBytes));
      this.freeAux(addr, oldBytes);
    }
    return a;
  }

  freeAux(addr: number, _bytes: number): void {
    // Bump memory is never reused; the block is only marked so the walk and the stats know.
    this.heap.memory.u32[(addr - 4) >>> 2]! |= FLAG_FREED_AUX;
  }

  writeRef(_obj: number, slot: number, value: number): void {
    this.heap.memory.u32[slot >>> 2] = value;
  }

  writeWeakRef(_obj: number, slot: number, value: number): void {
    this.heap.memory.u32[slot >>> 2] = value;
  }

  retain(_obj: number): void {}

  release(_obj: number): void {}

  collect(_generation: number, _reason: CollectReason): number {
    return 0;
  }

  forEachObject(visit: (obj: number) => void): void {
    const u32 = this.heap.memory.u32;
    for (let c = 0; c < this.chunks.length; c++) {
      for (let b = this.chunks[c]!; b < this.chunkEnds[c]!; b += u32[b >>> 2]!) {
        if ((u32[(b + 4) >>> 2]! & FLAG_AUX) === 0) visit(b + HEADER);
      }
    }
  }

  isObject(obj: number): boolean {
    let found = false;
    this.forEachObject((o) => {
      if (o === obj) found = true;
    });
    return found;
  }

  verify(): void {
    const u32 = this.heap.memory.u32;
    for (let c = 0; c < this.chunks.length; c++) {
      let b = this.chunks[c]!;
      while (b < this.chunkEnds[c]!) {
        const size = u32[b >>> 2]!;
        if (size < HEADER || size % 8 !== 0)
          throw new HeapCorruptionError(`block header holds size ${size}`, b);
        b += size;
      }
      if (b !== this.chunkEnds[c]) throw new HeapCorruptionError("blocks overrun the end of their chunk", b);
    }
  }

  stats(): HeapStats {
    return {
      heldBytes: this.heap.os.heldBytes,
      usedBytes: this.used,
      liveObjects: this.objects,
      returnedBytes: this.heap.os.returnedBytes,
      fragmentation: 0,
      collections: [0],
    };
  }

  isFinalized(_obj: number): boolean {
    return false;
  }
}

/**
 * Makes a `none` strategy.
 * @example
 * const rt = new Runtime(createNoneStrategy({ heapLimit: 16 << 20 }), { heapLimit: 16 << 20 });
 */
export function createNoneStrategy(_options: StrategyOptions = {}): Strategy {
  return new NoneStrategy();
}

/**
 * The catalog entry of the `none` strategy.
 * @example
 * const catalog = new StrategyCatalog([noneStrategy]);
 */
export const noneStrategy: StrategyEntry = {
  name: "none",
  description: "allocate until the limit, never collect, then MemoryError (MMTk NoGC, JVM Epsilon)",
  create: createNoneStrategy,
};
