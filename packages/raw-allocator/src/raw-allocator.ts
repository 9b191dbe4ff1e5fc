import { MemoryError, type OsMemory } from "@heaplab/runtime";
import { formatBytes } from "@heaplab/runtime/internals";
import { MAX_REQUEST } from "./block-layout";
import { API_RAW, DebugHooks, type UnderlyingAllocator } from "./debug-hooks";
import { type RawAllocatorStats, TlsfHeap, type TlsfOptions } from "./tlsf-heap";

/**
 * Options of `RawAllocator`.
 * @example
 * const raw = new RawAllocator(rt.os, { debugHooks: true, regionBytes: 1 << 20 });
 */
export interface RawAllocatorOptions extends TlsfOptions {
  /**
   * Turn on CPython's debug hooks (`PYTHONMALLOC=debug`): 0xCD/0xDD/0xFD, size, API id, serial.
   * Default: `debugHooksFromEnvironment()`, so `PYTHONMALLOC=debug` turns them on for every strategy.
   */
  readonly debugHooks?: boolean;
}

/** The `PYTHONMALLOC` values that install the debug hooks in CPython. */
const DEBUG_ALLOCATORS = new Set(["debug", "pymalloc_debug", "malloc_debug"]);

/**
 * True when the environment asks for the debug hooks: `PYTHONMALLOC` is `debug`, `pymalloc_debug` or
 * `malloc_debug` (as in CPython), or `HEAPLAB_MALLOC=debug`. False outside Node.
 * @example
 * // PYTHONMALLOC=debug pnpm heaplab run ...
 * new RawAllocator(os).debugHooks; // true
 */
export function debugHooksFromEnvironment(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (env === undefined) return false;
  return DEBUG_ALLOCATORS.has(env.PYTHONMALLOC ?? "") || env.HEAPLAB_MALLOC === "debug";
}

/**
 * `PyMem_RawMalloc` and friends: the allocator that gets memory from the operating system, for every
 * request pymalloc does not serve (above 512 bytes, or 0 bytes). A TLSF heap over `OsMemory`, with
 * CPython's 0 → 1 byte bump, a `MemoryError` past the limit, and optional debug hooks shared with
 * every other allocator domain of the heap (`debug`).
 *
 * @example
 * const raw = new RawAllocator(rt.os);
 * const p = raw.malloc(4096);
 * raw.realloc(p, 8192);
 * raw.stats().heldBytes; // 262,144: one region mapped
 */
export class RawAllocator implements UnderlyingAllocator {
  /** The TLSF engine. */
  readonly heap: TlsfHeap;
  /** The debug hooks, shared by every domain of this heap; null when off. */
  readonly debug: DebugHooks | null;

  constructor(
    readonly os: OsMemory,
    options: RawAllocatorOptions = {},
  ) {
    this.heap = new TlsfHeap(os, options);
    this.debug = (options.debugHooks ?? debugHooksFromEnvironment()) ? new DebugHooks(os.memory) : null;
  }

  /** True when the debug hooks are on. */
  get debugHooks(): boolean {
    return this.debug !== null;
  }

  /**
   * `PyMem_RawMalloc(n)`: a 16-byte aligned block of at least `n` bytes (0 is bumped to 1).
   * @throws MemoryError past the limit.
   */
  malloc(n: number): number {
    if (n >>> 0 !== n || n > MAX_REQUEST) checkRequest(n, "PyMem_RawMalloc", this.heap.limitBytes);
    if (this.debug !== null) return this.debug.malloc(API_RAW, n, false, this);
    return this.heap.malloc(n === 0 ? 1 : n);
  }

  /**
   * `PyMem_RawCalloc(n, size)`: `n * size` zeroed bytes (a 0 count or size becomes 1 × 1).
   * @throws MemoryError when the product overflows or is past the limit.
   */
  calloc(n: number, size: number): number {
    if (n === 0 || size === 0) {
      n = 1;
      size = 1;
    }
    const bytes = n * size;
    checkRequest(bytes, "PyMem_RawCalloc", this.heap.limitBytes);
    if (this.debug !== null) return this.debug.malloc(API_RAW, bytes, true, this);
    const p = this.heap.malloc(bytes);
    this.os.memory.fill(p, bytes, 0);
    return p;
  }

  /**
   * `PyMem_RawRealloc(p, n)`: `p === 0` is malloc; in place when the block can shrink or absorb a free
   * right neighbour; else moved. On failure the old block is untouched.
   * @throws MemoryError past the limit.
   */
  realloc(p: number, n: number): number {
    if (p === 0) return this.malloc(n);
    checkRequest(n, "PyMem_RawRealloc", this.heap.limitBytes);
    if (this.debug !== null) return this.debug.realloc(API_RAW, p, n, this);
    return this.heap.realloc(p, n === 0 ? 1 : n);
  }

  /**
   * `PyMem_RawFree(p)`: `p === 0` does nothing.
   * @throws HeapCorruptionError (or `MemoryDebugError` under the hooks) for a bad pointer.
   */
  free(p: number): void {
    if (p === 0) return;
    if (this.debug !== null) this.debug.free(API_RAW, p, this);
    else this.heap.free(p);
  }

  /** Bytes usable at `p` (under the hooks: the bytes requested). */
  usableSize(p: number): number {
    if (this.debug !== null) return this.debug.sizeOf(p);
    return this.heap.usableSize(p);
  }

  /** Requested, allocated, held and returned bytes; largest free block and total free. */
  stats(): RawAllocatorStats {
    return this.heap.stats();
  }

  /**
   * Checks every block, list and counter (and every live block's guard bytes under the hooks).
   * @throws HeapCorruptionError naming the address.
   */
  verify(): void {
    this.heap.verify();
    this.debug?.verify();
  }

  /** @internal The debug hooks' view of the allocator below them. */
  mallocUnderlying(n: number): number {
    return this.heap.malloc(n);
  }
  /** @internal */
  freeUnderlying(p: number): void {
    this.heap.free(p);
  }
  /** @internal */
  reallocUnderlying(p: number, n: number): number {
    return this.heap.realloc(p, n);
  }
}

/** Rejects requests no heap could serve, with the message CPython users know. */
export function checkRequest(n: number, api: string, limit: number): void {
  if (!(n >= 0) || n > MAX_REQUEST || !Number.isInteger(n)) {
    throw new MemoryError(
      `MemoryError: ${api}(${n}) failed: the request is ${Number.isInteger(n) && n >= 0 ? `larger than the largest block (${formatBytes(MAX_REQUEST)})` : "not a byte count"}`,
      Number.isFinite(n) ? n : 0,
      limit,
      0,
    );
  }
}
