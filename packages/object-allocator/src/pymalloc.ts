import type { DebugHooks, RawAllocator, UnderlyingAllocator } from "@heaplab/raw-allocator";
import { API_OBJ } from "@heaplab/raw-allocator/internals";
import { HeapCorruptionError, type LinearMemory, MemoryError, type OsMemory } from "@heaplab/runtime";
import { ArenaMap } from "./arena-map";
import { type FreeListLine, formatDebugMallocStats, type PoolCensus } from "./debug-malloc-stats";
import {
  ARENA_OBJECT_SIZE,
  ARENA_SIZE,
  DUMMY_SIZE_IDX,
  INITIAL_ARENA_OBJECTS,
  indexToSize,
  MAX_POOLS_IN_ARENA,
  NB_SMALL_SIZE_CLASSES,
  numBlocks,
  POOL_OVERHEAD,
  POOL_SIZE,
  POOL_SIZE_MASK,
  SMALL_REQUEST_THRESHOLD,
} from "./obmalloc-constants";
import {
  AO_ADDRESS,
  AO_FREEPOOLS,
  AO_NEXTARENA,
  AO_NFREEPOOLS,
  AO_NTOTALPOOLS,
  AO_POOL_ADDRESS,
  AO_PREVARENA,
  ARENAINDEX,
  COUNT,
  FREEBLOCK,
  MAXNEXTOFFSET,
  NEXTOFFSET,
  NEXTPOOL,
  NIL,
  PREVPOOL,
  SZIDX,
} from "./pool-layout";
import { verifyPymalloc } from "./pymalloc-verify";

/**
 * Options of `Pymalloc`.
 * @example
 * const obj = new Pymalloc(rt.os, raw, { neverReleaseArenas: true });
 */
export interface PymallocOptions {
  /** Python ≤ 2.4: never give an empty arena back to the operating system. */
  readonly neverReleaseArenas?: boolean;
  /** Debug hooks for the object domain (API 'o'); default: on when the raw allocator's are. */
  readonly debugHooks?: boolean;
}

/**
 * pymalloc's figures.
 * @example
 * const { arenasAllocatedTotal, arenasReclaimed } = pymalloc.stats();
 */
export interface PymallocStats {
  /** `ntimes_arena_allocated`. */
  arenasAllocatedTotal: number;
  /** Arenas given back to the OS so far. */
  arenasReclaimed: number;
  /** `narenas_highwater`. */
  arenasHighwater: number;
  /** `narenas_currently_allocated`. */
  arenasCurrent: number;
  /** Bytes of arenas mapped now (arenas × 1 MiB). */
  arenaBytes: number;
  /** Pools with at least one block in use. */
  poolsInUse: number;
  /** Blocks in use in pools (excludes raw fallbacks). */
  blocksInUse: number;
  /** Bytes in those blocks (block sizes, not requests). */
  bytesInAllocatedBlocks: number;
  /** `raw_allocated_blocks`: live blocks that went to the raw allocator (0 or > 512 bytes). */
  rawAllocatedBlocks: number;
  /** `sys.getallocatedblocks()`. */
  allocatedBlocks: number;
}

/**
 * pymalloc (`PyObject_Malloc`), 64-bit CPython 3.11: 32 size classes of 16..512 bytes, 16 KiB pools
 * with a 48-byte header, 1 MiB arenas mapped from the OS, `usedpools`, per-arena `freepools`,
 * `usable_arenas` sorted by free pools (fullest first) with `nfp2lasta` for O(1) re-sorting, the radix
 * tree for `address_in_range`, and the wholly free arena released unless it is the last one
 * (bpo-37257). Requests of 0 or more than 512 bytes go to the raw allocator.
 *
 * @example
 * const raw = new RawAllocator(rt.os);
 * const obj = new Pymalloc(rt.os, raw);
 * const p = obj.malloc(56);      // a 64-byte block of class 3
 * obj.allocatedBlocks();         // 1
 * obj.free(p);
 */
export class Pymalloc implements UnderlyingAllocator {
  readonly mem: LinearMemory;
  readonly neverReleaseArenas: boolean;
  /** Shared debug hooks (API 'o'), or null. */
  readonly debug: DebugHooks | null;
  /** `usedpools[i]`: the first used pool of class `i`, or 0 (circular list of CPython made linear). */
  /** @internal */
  readonly usedpools = new Uint32Array(NB_SMALL_SIZE_CLASSES);
  /** `nfp2lasta[n]`: index of the rightmost usable arena with `n` free pools, or NIL. */
  /** @internal */
  readonly nfp2lasta = new Int32Array(MAX_POOLS_IN_ARENA + 1).fill(NIL);
  /** The `arenas[]` vector: address of its raw block, 0 before the first arena. */
  /** @internal */
  arenas = 0;
  /** `maxarenas`: entries in the vector. */
  /** @internal */
  maxarenas = 0;
  /** `unused_arena_objects` head index, or NIL. */
  private unusedArenaObjects = NIL;
  /** `usable_arenas` head index, or NIL. */
  /** @internal */
  usableArenas = NIL;
  /** @internal */
  readonly arenaMap: ArenaMap;
  /** `narenas_currently_allocated`, `ntimes_arena_allocated`, `narenas_highwater`. */
  narenasCurrentlyAllocated = 0;
  ntimesArenaAllocated = 0;
  narenasHighwater = 0;
  /** `raw_allocated_blocks`. */
  rawAllocatedBlocks = 0;

  constructor(
    readonly os: OsMemory,
    readonly raw: RawAllocator,
    options: PymallocOptions = {},
  ) {
    this.mem = os.memory;
    this.neverReleaseArenas = options.neverReleaseArenas === true;
    const debug = options.debugHooks ?? raw.debugHooks;
    this.debug = debug ? raw.debug : null;
    if (debug && this.debug === null) {
      throw new Error(
        "Pymalloc debugHooks need the raw allocator's hooks: create it with { debugHooks: true }",
      );
    }
    this.arenaMap = new ArenaMap(os.memory.limitBytes);
  }

  /**
   * `PyObject_Malloc(n)`: pymalloc for 1..512 bytes, else the raw allocator (`raw_allocated_blocks++`).
   * @throws MemoryError when neither can serve the request.
   */
  malloc(n: number): number {
    if (this.debug !== null) return this.debug.malloc(API_OBJ, n, false, this);
    return this.mallocUnderlying(n);
  }

  /**
   * `PyObject_Calloc(n, size)`: zeroed `n * size` bytes.
   * @throws MemoryError when the product overflows or cannot be served.
   */
  calloc(n: number, size: number): number {
    const bytes = n * size;
    if (this.debug !== null) return this.debug.malloc(API_OBJ, bytes, true, this);
    if (bytes - 1 < SMALL_REQUEST_THRESHOLD && bytes > 0) {
      const p = this.pymallocAlloc(bytes);
      if (p !== 0) {
        this.mem.fill(p, bytes, 0);
        return p;
      }
    }
    const p = this.raw.calloc(n, size);
    this.rawAllocatedBlocks++;
    return p;
  }

  /**
   * `PyObject_Realloc(p, n)`: a pymalloc block stays in place when `n` fits its class and it shrinks by
   * less than 25% (`4n > 3 × size`); otherwise it is copied to a new block. A raw block stays raw.
   */
  realloc(p: number, n: number): number {
    if (this.debug !== null) {
      if (p === 0) return this.debug.malloc(API_OBJ, n, false, this);
      return this.debug.realloc(API_OBJ, p, n, this);
    }
    return this.reallocUnderlying(p, n);
  }

  /** `PyObject_Free(p)`: `p === 0` does nothing. */
  free(p: number): void {
    if (p === 0) return;
    if (this.debug !== null) this.debug.free(API_OBJ, p, this);
    else this.freeUnderlying(p);
  }

  /** The block size behind `p` (its class size, or the raw block's usable size). */
  usableSize(p: number): number {
    if (this.debug !== null) return this.debug.sizeOf(p);
    if (this.arenaMap.isUsed(p)) return indexToSize(this.mem.u32[((p & ~POOL_SIZE_MASK) >>> 2) + SZIDX]!);
    return this.raw.usableSize(p);
  }

  /** True if `p` lies inside one of pymalloc's arenas (`address_in_range`). */
  addressInRange(p: number): boolean {
    return this.arenaMap.isUsed(p);
  }

  /**
   * `sys.getallocatedblocks()` (`_Py_GetAllocatedBlocks`): `raw_allocated_blocks` plus the blocks in
   * use in every carved pool of every arena, counted by walking them as CPython does.
   */
  allocatedBlocks(): number {
    let n = this.rawAllocatedBlocks;
    this.forEachCarvedPool((pool) => {
      n += this.mem.u32[pool >>> 2]!;
    });
    return n;
  }

  /**
   * `sys._debugmallocstats()`: the pymalloc section, a blank line, then the free-list lines given
   * (`CPythonFreeLists.debugLines()`), with CPython's columns and arithmetic.
   */
  debugMallocStats(freeLists: readonly FreeListLine[] = []): string {
    return formatDebugMallocStats(this.census(), freeLists);
  }

  /** The per-class and per-arena counts `_PyObject_DebugMallocStats` computes by walking the arenas. */
  census(): PoolCensus {
    const pools = new Array<number>(NB_SMALL_SIZE_CLASSES).fill(0);
    const blocks = new Array<number>(NB_SMALL_SIZE_CLASSES).fill(0);
    const free = new Array<number>(NB_SMALL_SIZE_CLASSES).fill(0);
    let narenas = 0;
    let unusedPools = 0;
    let misaligned = 0;
    const u32 = this.mem.u32;
    for (let i = 0; i < this.maxarenas; i++) {
      const ao = this.ao(i);
      const base = u32[ao + AO_ADDRESS]!;
      if (base === 0) continue;
      narenas++;
      unusedPools += u32[ao + AO_NFREEPOOLS]!;
      if ((base & POOL_SIZE_MASK) !== 0) misaligned++;
    }
    this.forEachCarvedPool((pool) => {
      const count = u32[pool >>> 2]!;
      if (count === 0) return;
      const sz = u32[(pool >>> 2) + SZIDX]!;
      pools[sz]!++;
      blocks[sz]! += count;
      free[sz]! += numBlocks(sz) - count;
    });
    return {
      pools,
      blocks,
      freeBlocks: free,
      narenas,
      unusedPools,
      misalignedArenas: misaligned,
      arenasAllocatedTotal: this.ntimesArenaAllocated,
      arenasHighwater: this.narenasHighwater,
      arenaMapMidNodes: this.arenaMap.midNodes,
      arenaMapBotNodes: this.arenaMap.botNodes,
    };
  }

  /** pymalloc's figures, from one walk of the arenas. */
  stats(): PymallocStats {
    const c = this.census();
    let poolsInUse = 0;
    let blocksInUse = 0;
    let bytes = 0;
    for (let i = 0; i < NB_SMALL_SIZE_CLASSES; i++) {
      poolsInUse += c.pools[i]!;
      blocksInUse += c.blocks[i]!;
      bytes += c.blocks[i]! * indexToSize(i);
    }
    return {
      arenasAllocatedTotal: this.ntimesArenaAllocated,
      arenasReclaimed: this.ntimesArenaAllocated - this.narenasCurrentlyAllocated,
      arenasHighwater: this.narenasHighwater,
      arenasCurrent: this.narenasCurrentlyAllocated,
      arenaBytes: this.narenasCurrentlyAllocated * ARENA_SIZE,
      poolsInUse,
      blocksInUse,
      bytesInAllocatedBlocks: bytes,
      rawAllocatedBlocks: this.rawAllocatedBlocks,
      allocatedBlocks: blocksInUse + this.rawAllocatedBlocks,
    };
  }

  /** @internal `_PyObject_Malloc` below the debug hooks. */
  mallocUnderlying(n: number): number {
    if (n - 1 < SMALL_REQUEST_THRESHOLD && n > 0) {
      const p = this.pymallocAlloc(n);
      if (p !== 0) return p;
    }
    const p = this.raw.malloc(n);
    this.rawAllocatedBlocks++;
    return p;
  }

  /** @internal `_PyObject_Free` below the debug hooks. */
  freeUnderlying(p: number): void {
    if (this.pymallocFree(p)) return;
    this.raw.free(p);
    this.rawAllocatedBlocks--;
  }

  /** @internal `_PyObject_Realloc` below the debug hooks (`pymalloc_realloc`). */
  reallocUnderlying(p: number, n: number): number {
    if (p === 0) return this.mallocUnderlying(n);
    if (!this.arenaMap.isUsed(p)) return this.raw.realloc(p, n);
    let size = indexToSize(this.mem.u32[((p & ~POOL_SIZE_MASK) >>> 2) + SZIDX]!);
    if (n <= size) {
      // Staying the same or shrinking by less than 25%: keep the block.
      if (4 * n > 3 * size) return p;
      size = n;
    }
    const q = this.mallocUnderlying(n);
    this.mem.copy(q, p, size);
    this.freeUnderlying(p);
    return q;
  }

  /**
   * `pymalloc_alloc(n)`, 1 ≤ n ≤ 512: pop the free list of the first used pool of the class; extend
   * the pool by one virgin block when that list runs out; with no used pool, take a new one. Returns 0
   * when no arena can be mapped (the caller then falls back to the raw allocator, as CPython does).
   */
  private pymallocAlloc(n: number): number {
    const i = (n - 1) >>> 4;
    const pool = this.usedpools[i]!;
    if (pool === 0) return this.allocateFromNewPool(i);
    const u32 = this.mem.u32;
    const pi = pool >>> 2;
    u32[pi + COUNT]!++;
    const bp = u32[pi + FREEBLOCK]!;
    const next = u32[bp >>> 2]!;
    u32[pi + FREEBLOCK] = next;
    if (next === 0) this.poolExtend(u32, pool, i);
    return bp;
  }

  /**
   * `pymalloc_pool_extend`: the pool's free list just ran out. Carve the next virgin block if there is
   * one; otherwise the pool is full and leaves `usedpools`.
   */
  private poolExtend(u32: Uint32Array, pool: number, i: number): void {
    const pi = pool >>> 2;
    const off = u32[pi + NEXTOFFSET]!;
    if (off <= u32[pi + MAXNEXTOFFSET]!) {
      const b = pool + off;
      u32[pi + FREEBLOCK] = b;
      u32[b >>> 2] = 0;
      u32[(b >>> 2) + 1] = 0;
      u32[pi + NEXTOFFSET] = off + indexToSize(i);
      return;
    }
    this.unlinkUsedPool(u32, pool, i);
  }

  /**
   * `allocate_from_new_pool(i)`: take the head of `usable_arenas` (mapping a new arena if there is
   * none), a pool from its `freepools` or a newly carved one, make it the only used pool of class `i`
   * and return its first free block. `usable_arenas` stays sorted: the head had the fewest free pools.
   */
  private allocateFromNewPool(i: number): number {
    if (this.usableArenas === NIL) {
      const a = this.newArena();
      if (a === NIL) return 0;
      this.usableArenas = a;
      const ao = this.ao(a);
      const u = this.mem.u32;
      u[ao + AO_NEXTARENA] = 0;
      u[ao + AO_PREVARENA] = 0;
      this.nfp2lasta[u[ao + AO_NFREEPOOLS]!] = a;
    }
    const u32 = this.mem.u32;
    const head = this.usableArenas;
    const ao = this.ao(head);
    const nfp = u32[ao + AO_NFREEPOOLS]!;
    if (this.nfp2lasta[nfp] === head) this.nfp2lasta[nfp] = NIL;
    if (nfp > 1) this.nfp2lasta[nfp - 1] = head;

    let pool = u32[ao + AO_FREEPOOLS]!;
    if (pool !== 0) {
      u32[ao + AO_FREEPOOLS] = u32[(pool >>> 2) + NEXTPOOL]!;
    } else {
      // Carve a never-used pool off the arena.
      pool = u32[ao + AO_POOL_ADDRESS]!;
      u32[(pool >>> 2) + ARENAINDEX] = head;
      u32[(pool >>> 2) + SZIDX] = DUMMY_SIZE_IDX;
      u32[ao + AO_POOL_ADDRESS] = pool + POOL_SIZE;
    }
    u32[ao + AO_NFREEPOOLS] = nfp - 1;
    if (nfp - 1 === 0) {
      // Wholly allocated: the arena leaves usable_arenas.
      const next = u32[ao + AO_NEXTARENA]! - 1;
      this.usableArenas = next;
      if (next !== NIL) u32[this.ao(next) + AO_PREVARENA] = 0;
    }

    // Frontlink to used pools (the list was empty).
    const pi = pool >>> 2;
    u32[pi + NEXTPOOL] = 0;
    u32[pi + PREVPOOL] = 0;
    this.usedpools[i] = pool;
    u32[pi + COUNT] = 1;
    u32[pi + 1] = 0;
    if (u32[pi + SZIDX] === i) {
      // Last used for this class: header and free list are ready.
      const bp = u32[pi + FREEBLOCK]!;
      u32[pi + FREEBLOCK] = u32[bp >>> 2]!;
      return bp;
    }
    const size = indexToSize(i);
    u32[pi + SZIDX] = i;
    const bp = pool + POOL_OVERHEAD;
    u32[pi + NEXTOFFSET] = POOL_OVERHEAD + 2 * size;
    u32[pi + MAXNEXTOFFSET] = POOL_SIZE - size;
    const fb = bp + size;
    u32[pi + FREEBLOCK] = fb;
    u32[fb >>> 2] = 0;
    u32[(fb >>> 2) + 1] = 0;
    return bp;
  }

  /**
   * `pymalloc_free(p)`: returns false if `p` is not in an arena. Push `p` on its pool's free list; a
   * pool that was full goes back to the front of `usedpools`; a pool that became empty goes to its
   * arena's `freepools` (`insert_to_freepool`).
   */
  private pymallocFree(p: number): boolean {
    if (!this.arenaMap.isUsed(p)) return false;
    const u32 = this.mem.u32;
    const pool = (p & ~POOL_SIZE_MASK) >>> 0;
    const pi = pool >>> 2;
    const count = u32[pi + COUNT]!;
    if (count === 0 || (p - pool - POOL_OVERHEAD) % indexToSize(u32[pi + SZIDX]!) !== 0) {
      throw new HeapCorruptionError(
        count === 0
          ? "PyObject_Free: the pool of this block has no block in use (double free or a never-allocated address)"
          : "PyObject_Free: not the address of a block of its pool (an interior or foreign pointer)",
        p,
      );
    }
    const last = u32[pi + FREEBLOCK]!;
    u32[p >>> 2] = last;
    u32[(p >>> 2) + 1] = 0;
    u32[pi + FREEBLOCK] = p;
    u32[pi + COUNT] = count - 1;
    if (last === 0) {
      this.insertToUsedpool(u32, pool);
      return true;
    }
    if (count - 1 !== 0) return true;
    this.insertToFreepool(u32, pool);
    return true;
  }

  /** `insert_to_usedpool`: a pool that was full gets a free block: link it at the front of its class. */
  private insertToUsedpool(u32: Uint32Array, pool: number): void {
    const i = u32[(pool >>> 2) + SZIDX]!;
    const next = this.usedpools[i]!;
    u32[(pool >>> 2) + NEXTPOOL] = next;
    u32[(pool >>> 2) + PREVPOOL] = 0;
    if (next !== 0) u32[(next >>> 2) + PREVPOOL] = pool;
    this.usedpools[i] = pool;
  }

  private unlinkUsedPool(u32: Uint32Array, pool: number, i: number): void {
    const next = u32[(pool >>> 2) + NEXTPOOL]!;
    const prev = u32[(pool >>> 2) + PREVPOOL]!;
    if (prev === 0) this.usedpools[i] = next;
    else u32[(prev >>> 2) + NEXTPOOL] = next;
    if (next !== 0) u32[(next >>> 2) + PREVPOOL] = prev;
  }

  /**
   * `insert_to_freepool(pool)`: the pool is empty. Move it to its arena's `freepools`, then keep
   * `usable_arenas` sorted by free pools: release a wholly free arena that is not the last (case 1),
   * put a previously full arena at the head (case 2), or slide the arena right past those with fewer
   * free pools (case 3), using `nfp2lasta` so that this is O(1).
   */
  private insertToFreepool(u32: Uint32Array, pool: number): void {
    this.unlinkUsedPool(u32, pool, u32[(pool >>> 2) + SZIDX]!);
    const a = u32[(pool >>> 2) + ARENAINDEX]!;
    const ao = this.ao(a);
    u32[(pool >>> 2) + NEXTPOOL] = u32[ao + AO_FREEPOOLS]!;
    u32[ao + AO_FREEPOOLS] = pool;
    let nf = u32[ao + AO_NFREEPOOLS]!;
    const lastnf = this.nfp2lasta[nf]!;
    if (lastnf === a) {
      // It was the rightmost with nf free pools: its left neighbour may take over.
      const prev = u32[ao + AO_PREVARENA]! - 1;
      this.nfp2lasta[nf] = prev !== NIL && u32[this.ao(prev) + AO_NFREEPOOLS] === nf ? prev : NIL;
    }
    nf++;
    u32[ao + AO_NFREEPOOLS] = nf;
    const next = u32[ao + AO_NEXTARENA]! - 1;
    const prev = u32[ao + AO_PREVARENA]! - 1;

    if (nf === u32[ao + AO_NTOTALPOOLS] && next !== NIL && !this.neverReleaseArenas) {
      // Case 1: wholly free and not the last arena: unlink it and give it back to the OS.
      if (prev === NIL) this.usableArenas = next;
      else u32[this.ao(prev) + AO_NEXTARENA] = next + 1;
      u32[this.ao(next) + AO_PREVARENA] = prev + 1;
      u32[ao + AO_NEXTARENA] = this.unusedArenaObjects + 1;
      this.unusedArenaObjects = a;
      const address = u32[ao + AO_ADDRESS]!;
      this.arenaMap.markUsed(address, false);
      this.os.unmap(address, ARENA_SIZE);
      this.mem.u32[this.ao(a) + AO_ADDRESS] = 0;
      this.narenasCurrentlyAllocated--;
      return;
    }
    if (nf === 1) {
      // Case 2: the arena was full (on no list): it goes to the head.
      u32[ao + AO_NEXTARENA] = this.usableArenas + 1;
      u32[ao + AO_PREVARENA] = 0;
      if (this.usableArenas !== NIL) u32[this.ao(this.usableArenas) + AO_PREVARENA] = a + 1;
      this.usableArenas = a;
      if (this.nfp2lasta[1] === NIL) this.nfp2lasta[1] = a;
      return;
    }
    if (this.nfp2lasta[nf] === NIL) this.nfp2lasta[nf] = a;
    // Case 4: it was the rightmost with the old count, so it is still in order.
    if (a === lastnf) return;
    // Case 3: unlink it and re-insert it right after lastnf.
    if (prev !== NIL) u32[this.ao(prev) + AO_NEXTARENA] = next + 1;
    else this.usableArenas = next;
    u32[this.ao(next) + AO_PREVARENA] = prev + 1;
    const lo = this.ao(lastnf);
    const after = u32[lo + AO_NEXTARENA]! - 1;
    u32[ao + AO_PREVARENA] = lastnf + 1;
    u32[ao + AO_NEXTARENA] = after + 1;
    if (after !== NIL) u32[this.ao(after) + AO_PREVARENA] = a + 1;
    u32[lo + AO_NEXTARENA] = a + 1;
  }

  /**
   * `new_arena()`: take an arena object (doubling the vector through the raw allocator when none is
   * unused), map 1 MiB, mark it in the radix tree, and skip the first partial pool when the mapping is
   * not 16 KiB aligned (63 pools instead of 64). Returns NIL when the OS refuses.
   */
  private newArena(): number {
    if (this.unusedArenaObjects === NIL) {
      const numarenas = this.maxarenas === 0 ? INITIAL_ARENA_OBJECTS : this.maxarenas * 2;
      this.arenas = this.raw.realloc(this.arenas, numarenas * ARENA_OBJECT_SIZE);
      const u32 = this.mem.u32;
      for (let i = this.maxarenas; i < numarenas; i++) {
        const ao = this.ao(i);
        for (let w = 0; w < ARENA_OBJECT_SIZE / 4; w++) u32[ao + w] = 0;
        u32[ao + AO_NEXTARENA] = i < numarenas - 1 ? i + 2 : 0;
      }
      this.unusedArenaObjects = this.maxarenas;
      this.maxarenas = numarenas;
    }
    const a = this.unusedArenaObjects;
    this.unusedArenaObjects = this.mem.u32[this.ao(a) + AO_NEXTARENA]! - 1;
    let address: number;
    try {
      address = this.os.map(ARENA_SIZE);
    } catch (e) {
      if (!(e instanceof MemoryError)) throw e;
      this.mem.u32[this.ao(a) + AO_NEXTARENA] = this.unusedArenaObjects + 1;
      this.unusedArenaObjects = a;
      return NIL;
    }
    this.arenaMap.markUsed(address, true);
    const u32 = this.mem.u32;
    const ao = this.ao(a);
    u32[ao + AO_ADDRESS] = address;
    this.narenasCurrentlyAllocated++;
    this.ntimesArenaAllocated++;
    if (this.narenasCurrentlyAllocated > this.narenasHighwater)
      this.narenasHighwater = this.narenasCurrentlyAllocated;
    u32[ao + AO_FREEPOOLS] = 0;
    let poolAddress = address;
    let nfreepools = MAX_POOLS_IN_ARENA;
    const excess = address & POOL_SIZE_MASK;
    if (excess !== 0) {
      nfreepools--;
      poolAddress += POOL_SIZE - excess;
    }
    u32[ao + AO_POOL_ADDRESS] = poolAddress;
    u32[ao + AO_NFREEPOOLS] = nfreepools;
    u32[ao + AO_NTOTALPOOLS] = nfreepools;
    return a;
  }

  /** @internal u32 index of arena object `i` in the vector. */
  ao(i: number): number {
    return (this.arenas + i * ARENA_OBJECT_SIZE) >>> 2;
  }

  /** Calls `f` for every pool carved so far in every live arena, in address order. */
  private forEachCarvedPool(f: (pool: number, arena: number) => void): void {
    for (let i = 0; i < this.maxarenas; i++) {
      const u32 = this.mem.u32;
      const ao = this.ao(i);
      let base = u32[ao + AO_ADDRESS]!;
      if (base === 0) continue;
      if ((base & POOL_SIZE_MASK) !== 0) base = (base & ~POOL_SIZE_MASK) + POOL_SIZE;
      const end = u32[ao + AO_POOL_ADDRESS]!;
      for (let pool = base; pool < end; pool += POOL_SIZE) f(pool, i);
    }
  }

  /**
   * Checks every arena, pool and list: pool headers, free lists inside their pools, `usedpools`,
   * `freepools`, the order of `usable_arenas`, `nfp2lasta`, the radix tree, and the counters.
   * @throws HeapCorruptionError naming the pool or arena at fault.
   */
  verify(): void {
    verifyPymalloc(this);
  }
}
