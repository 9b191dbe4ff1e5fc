import { HeapCorruptionError } from "@heaplab/runtime";
import {
  ARENA_SIZE,
  indexToSize,
  MAX_POOLS_IN_ARENA,
  NB_SMALL_SIZE_CLASSES,
  numBlocks,
  POOL_OVERHEAD,
  POOL_SIZE,
  POOL_SIZE_MASK,
} from "./obmalloc-constants";
import {
  AO_ADDRESS,
  AO_FREEPOOLS,
  AO_NEXTARENA,
  AO_NFREEPOOLS,
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
import type { Pymalloc } from "./pymalloc";

/**
 * pymalloc's verifier (what CPython's `Py_DEBUG` asserts check, all at once): every pool on
 * `usedpools[i]` has class `i`, links both ways and is neither full nor empty; every carved pool's
 * count plus its free blocks equals its carved blocks, and its free list stays inside it; empty pools are
 * on their arena's `freepools`; `nfreepools` = free + never-carved pools; `usable_arenas` is sorted by
 * free pools with consistent links and holds no full arena; `nfp2lasta[n]` is the rightmost arena with
 * `n` free pools; every arena is marked in the radix tree; the arena count matches.
 * @throws HeapCorruptionError naming the pool or arena at fault.
 * @example
 * verifyPymalloc(obj); // same as obj.verify()
 */
export function verifyPymalloc(s: Pymalloc): void {
  const u32 = s.mem.u32;
  const fail = (what: string, at: number): never => {
    throw new HeapCorruptionError(`pymalloc: ${what}`, at);
  };
  let live = 0;
  const inUsed = new Set<number>();
  for (let i = 0; i < NB_SMALL_SIZE_CLASSES; i++) {
    let prev = 0;
    for (let pool = s.usedpools[i]!; pool !== 0; pool = u32[(pool >>> 2) + NEXTPOOL]!) {
      if (inUsed.has(pool)) fail(`usedpools[${i}] has a cycle`, pool);
      inUsed.add(pool);
      if (u32[(pool >>> 2) + PREVPOOL] !== prev) fail(`usedpools[${i}] prev link broken`, pool);
      if (u32[(pool >>> 2) + SZIDX] !== i)
        fail(`pool on usedpools[${i}] has szidx ${u32[(pool >>> 2) + SZIDX]}`, pool);
      prev = pool;
    }
  }
  for (let a = 0; a < s.maxarenas; a++) {
    const ao = s.ao(a);
    const address = u32[ao + AO_ADDRESS]!;
    if (address === 0) continue;
    live++;
    if (!s.arenaMap.isUsed(address) || !s.arenaMap.isUsed(address + ARENA_SIZE - 1)) {
      fail("arena not marked in the radix tree", address);
    }
    const free = new Set<number>();
    for (let pool = u32[ao + AO_FREEPOOLS]!; pool !== 0; pool = u32[(pool >>> 2) + NEXTPOOL]!) {
      if (free.has(pool)) fail("freepools has a cycle", pool);
      free.add(pool);
    }
    const end = u32[ao + AO_POOL_ADDRESS]!;
    const uncarved = (address + ARENA_SIZE - end) / POOL_SIZE;
    if (Math.floor(uncarved) + free.size !== u32[ao + AO_NFREEPOOLS]) {
      fail(
        `arena nfreepools ${u32[ao + AO_NFREEPOOLS]} ≠ ${free.size} free + ${Math.floor(uncarved)} uncarved`,
        address,
      );
    }
    forEachCarvedPoolOf(s, a, (pool) => {
      const pi = pool >>> 2;
      if (u32[pi + ARENAINDEX] !== a) fail("pool's arenaindex is wrong", pool);
      const count = u32[pi + COUNT]!;
      if (count === 0) {
        if (!free.has(pool)) fail("empty pool is not on its arena's freepools", pool);
        return;
      }
      const sz = u32[pi + SZIDX]!;
      if (sz >= NB_SMALL_SIZE_CLASSES) fail(`pool szidx ${sz} out of range`, pool);
      const size = indexToSize(sz);
      let freeBlocks = 0;
      for (let b = u32[pi + FREEBLOCK]!; b !== 0; b = u32[b >>> 2]!) {
        if (
          b < pool + POOL_OVERHEAD ||
          b >= pool + u32[pi + NEXTOFFSET]! ||
          (b - pool - POOL_OVERHEAD) % size !== 0
        ) {
          fail("free block outside its pool's carved blocks", b);
        }
        if (++freeBlocks > numBlocks(sz)) fail("pool free list has a cycle", pool);
      }
      const carved = (u32[pi + NEXTOFFSET]! - POOL_OVERHEAD) / size;
      if (count + freeBlocks !== carved)
        fail(`pool count ${count} + ${freeBlocks} free ≠ ${carved} carved blocks`, pool);
      const full = freeBlocks === 0 && u32[pi + NEXTOFFSET]! > u32[pi + MAXNEXTOFFSET]!;
      if (full === inUsed.has(pool))
        fail(full ? "full pool is on usedpools" : "used pool is not on usedpools", pool);
    });
  }
  if (live !== s.narenasCurrentlyAllocated)
    fail(`${live} arenas but narenas_currently_allocated = ${s.narenasCurrentlyAllocated}`, 0);
  // usable_arenas: sorted ascending by nfreepools, links consistent, nfp2lasta the rightmost of each count.
  let prev = NIL;
  const rightmost = new Int32Array(MAX_POOLS_IN_ARENA + 1).fill(NIL);
  for (let a = s.usableArenas; a !== NIL; a = u32[s.ao(a) + AO_NEXTARENA]! - 1) {
    const ao = s.ao(a);
    const nf = u32[ao + AO_NFREEPOOLS]!;
    if (u32[ao + AO_ADDRESS] === 0) fail("usable_arenas holds an unmapped arena object", 0);
    if (nf === 0) fail("a full arena is on usable_arenas", u32[ao + AO_ADDRESS]!);
    if (u32[ao + AO_PREVARENA]! - 1 !== prev) fail("usable_arenas prev link broken", u32[ao + AO_ADDRESS]!);
    if (prev !== NIL && u32[s.ao(prev) + AO_NFREEPOOLS]! > nf)
      fail("usable_arenas is not sorted by free pools", u32[ao + AO_ADDRESS]!);
    rightmost[nf] = a;
    prev = a;
  }
  for (let nf = 0; nf <= MAX_POOLS_IN_ARENA; nf++) {
    if (rightmost[nf] !== s.nfp2lasta[nf])
      fail(`nfp2lasta[${nf}] is ${s.nfp2lasta[nf]}, rightmost is ${rightmost[nf]}`, 0);
  }
}

/** Calls `f` for every pool carved so far in arena `a`. */
function forEachCarvedPoolOf(s: Pymalloc, a: number, f: (pool: number) => void): void {
  const u32 = s.mem.u32;
  const ao = s.ao(a);
  let base = u32[ao + AO_ADDRESS]!;
  if ((base & POOL_SIZE_MASK) !== 0) base = (base & ~POOL_SIZE_MASK) + POOL_SIZE;
  const end = u32[ao + AO_POOL_ADDRESS]!;
  for (let pool = base; pool < end; pool += POOL_SIZE) f(pool);
}
