import { describe, expect, it } from "vitest";
import { ARENA_SIZE, MAX_POOLS_IN_ARENA, numBlocks, POOL_SIZE } from "../src/internals";
import { newHeap } from "./helpers";

/**
 * The seed's scenario: allocate 10 × 1024 × 1024 blocks of 16 bytes, free them all. Python ≤ 2.4 never
 * released arenas, so ~160 MB stay held; 3.11 gives them back and keeps one empty arena (bpo-37257).
 *
 * Expected numbers come from obmalloc's arithmetic, not from the allocator: 16-byte blocks are class 0
 * with NUMBLOCKS = (16384 - 48) / 16 = 1021 per pool. The raw allocator's first region (256 KiB, the
 * arenas[] vector lives there) is mapped at 4096, so every arena starts at 4096 + 256 KiB + k MiB,
 * which is 4096 mod 16384: each arena loses one pool to alignment and holds 63 pools.
 */
const N = 10 * 1024 * 1024;
const POOLS = Math.ceil(N / 1021);
const POOLS_PER_ARENA = MAX_POOLS_IN_ARENA - 1;
const ARENAS = Math.ceil(POOLS / POOLS_PER_ARENA);

function run(neverReleaseArenas: boolean) {
  const heap = newHeap({ neverReleaseArenas, limit: 256 << 20 });
  const { obj, os, raw } = heap;
  const ps = new Uint32Array(N);
  for (let i = 0; i < N; i++) ps[i] = obj.malloc(16);
  const rawHeld = raw.stats().heldBytes;
  const afterAlloc = { held: os.heldBytes, blocks: obj.allocatedBlocks(), arenas: obj.stats().arenasCurrent };
  for (let i = 0; i < N; i++) obj.free(ps[i]!);
  return { heap, rawHeld, afterAlloc };
}

describe("10 × 1024 × 1024 blocks of 16 bytes, allocated then all freed", () => {
  it("the arithmetic: 1021 blocks per pool, 10,271 pools, 164 arenas of 63 pools", () => {
    expect(numBlocks(0)).toBe(1021);
    expect(POOLS).toBe(10_271);
    expect(ARENAS).toBe(164);
    expect(ARENA_SIZE).toBe(1_048_576);
    expect(POOL_SIZE).toBe(16_384);
  });

  it("with neverReleaseArenas (Python ≤ 2.4) all ~164 MiB stay held", () => {
    const { heap, rawHeld, afterAlloc } = run(true);
    expect(afterAlloc.blocks).toBe(N);
    expect(afterAlloc.arenas).toBe(ARENAS);
    expect(afterAlloc.held).toBe(rawHeld + ARENAS * ARENA_SIZE);
    expect(heap.obj.allocatedBlocks()).toBe(0);
    expect(heap.os.heldBytes).toBe(rawHeld + ARENAS * ARENA_SIZE); // 171,966,464 bytes of arenas
    expect(heap.obj.stats().arenasReclaimed).toBe(0);
    heap.obj.verify();
  });

  it("without it (3.11) every arena but the last wholly free one goes back to the OS", () => {
    const { heap, rawHeld, afterAlloc } = run(false);
    expect(afterAlloc.held).toBe(rawHeld + ARENAS * ARENA_SIZE);
    expect(heap.obj.allocatedBlocks()).toBe(0);
    expect(heap.os.heldBytes).toBe(rawHeld + ARENA_SIZE);
    expect(heap.os.returnedBytes).toBe((ARENAS - 1) * ARENA_SIZE);
    const s = heap.obj.stats();
    expect(s.arenasCurrent).toBe(1);
    expect(s.arenasReclaimed).toBe(ARENAS - 1);
    expect(s.arenasHighwater).toBe(ARENAS);
    heap.obj.verify();
  });
});
