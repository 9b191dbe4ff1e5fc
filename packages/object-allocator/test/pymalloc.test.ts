import { HeapCorruptionError } from "@heaplab/runtime";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { numBlocks, POOL_SIZE } from "../src/internals";
import { newHeap } from "./helpers";

/** CPython: block size of an n-byte request, 1 ≤ n ≤ 512, is n rounded up to 16. */
const classSize = (n: number) => Math.ceil(n / 16) * 16;
const poolOf = (p: number) => p - (p % POOL_SIZE);

describe("size classes (every boundary)", () => {
  it("serves 1..512 bytes from pymalloc with 16-byte alignment and the class's block size", () => {
    const { obj } = newHeap();
    for (let n = 1; n <= 512; n++) {
      const p = obj.malloc(n);
      expect(p % 16).toBe(0);
      expect(obj.addressInRange(p)).toBe(true);
      expect(obj.usableSize(p)).toBe(classSize(n));
    }
    expect(obj.stats().rawAllocatedBlocks).toBe(0);
    expect(obj.allocatedBlocks()).toBe(512);
    obj.verify();
  });

  it("sends 0 and more than 512 bytes to the raw allocator (raw_allocated_blocks)", () => {
    const { obj, raw } = newHeap();
    const zero = obj.malloc(0);
    const big = obj.malloc(513);
    expect(obj.addressInRange(zero)).toBe(false);
    expect(obj.addressInRange(big)).toBe(false);
    expect(obj.stats().rawAllocatedBlocks).toBe(2);
    expect(obj.allocatedBlocks()).toBe(2);
    expect(raw.stats().liveBlocks).toBe(2); // no arena yet, so no arenas[] vector either
    obj.free(zero);
    obj.free(big);
    expect(obj.allocatedBlocks()).toBe(0);
  });

  it("property: a block never overlaps another and holds its bytes, whatever the sizes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 300 }),
        fc.nat(),
        (sizes, cut) => {
          const { obj, os } = newHeap();
          const ps = sizes.map((n, i) => {
            const p = obj.malloc(n);
            os.memory.fill(p, n, i & 255);
            return p;
          });
          const freed = new Set<number>();
          for (let i = 0; i < ps.length; i += 1 + (cut % 3)) {
            obj.free(ps[i]!);
            freed.add(i);
          }
          obj.verify();
          ps.forEach((p, i) => {
            if (!freed.has(i))
              expect(os.memory.u8.subarray(p, p + sizes[i]!).every((b) => b === (i & 255))).toBe(true);
          });
          expect(obj.allocatedBlocks()).toBe(sizes.length - freed.size);
          ps.forEach((p, i) => {
            if (!freed.has(i)) obj.free(p);
          });
          expect(obj.allocatedBlocks()).toBe(0);
          obj.verify();
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("pools", () => {
  it("carves blocks lazily from offset 48 upwards and fills exactly NUMBLOCKS per pool", () => {
    for (const n of [16, 48, 112, 512]) {
      const { obj } = newHeap();
      const size = classSize(n);
      const count = Math.floor((16_384 - 48) / size);
      expect(numBlocks(size / 16 - 1)).toBe(count);
      const first = obj.malloc(n);
      const pool = poolOf(first);
      expect(first - pool).toBe(48);
      for (let k = 1; k < count; k++) expect(obj.malloc(n)).toBe(pool + 48 + k * size);
      const next = obj.malloc(n);
      expect(poolOf(next)).not.toBe(pool);
      obj.verify();
    }
  });

  it("a freed block in a full pool is the next one handed out (the pool goes to the front of usedpools)", () => {
    const { obj } = newHeap();
    const ps = Array.from({ length: 1021 }, () => obj.malloc(16));
    const other = obj.malloc(16); // second pool, now the used one
    obj.free(ps[500]!);
    expect(obj.malloc(16)).toBe(ps[500]);
    expect(poolOf(obj.malloc(16))).toBe(poolOf(other));
    obj.verify();
  });

  it("an empty pool goes to its arena's freepools and is reused, by the same class with its free list", () => {
    const { obj } = newHeap();
    const keep = obj.malloc(32); // keeps the arena from being wholly free
    const a = obj.malloc(16);
    const b = obj.malloc(16);
    const pool = poolOf(a);
    obj.free(a);
    obj.free(b);
    expect(obj.stats().poolsInUse).toBe(1);
    expect(obj.malloc(16)).toBe(b); // LIFO: b was freed last
    obj.free(b);
    const c = obj.malloc(64); // another class re-initialises the same pool
    expect(poolOf(c)).toBe(pool);
    expect(c - pool).toBe(48);
    obj.free(c);
    obj.free(keep);
    obj.verify();
  });
});

describe("arenas", () => {
  /** Fills whole pools of class 0 and returns their blocks, pool by pool. */
  function fillPools(obj: ReturnType<typeof newHeap>["obj"], pools: number): number[][] {
    return Array.from({ length: pools }, () => Array.from({ length: 1021 }, () => obj.malloc(16)));
  }

  it("an arena holds 63 pools when its mapping is not 16 KiB aligned; the 64th pool opens a new arena", () => {
    const { obj } = newHeap();
    const pools = fillPools(obj, 64);
    expect(obj.stats().arenasCurrent).toBe(2);
    const firstArena = poolOf(pools[0]![0]!);
    expect(poolOf(pools[62]![0]!)).toBe(firstArena + 62 * POOL_SIZE);
    expect(pools[63]![0]! - (firstArena + 62 * POOL_SIZE)).toBeGreaterThan(POOL_SIZE);
    obj.verify();
  });

  it("releases a wholly free arena that is not the last, and keeps the last (bpo-37257)", () => {
    const { obj, os } = newHeap();
    const pools = fillPools(obj, 63 * 3); // three full arenas
    expect(obj.stats().arenasCurrent).toBe(3);
    const held = os.heldBytes;
    for (const p of pools.slice(0, 63).flat()) obj.free(p); // arena 1 empties while 2 and 3 are full
    expect(obj.stats().arenasCurrent).toBe(3); // it is the only (so the last) usable arena: kept
    for (const p of pools.slice(63, 126).flat()) obj.free(p); // arena 2 empties: arena 1 is now not last
    const s = obj.stats();
    expect(s.arenasCurrent).toBe(2);
    expect(s.arenasReclaimed).toBe(1);
    expect(os.heldBytes).toBe(held - (1 << 20));
    obj.verify();
  });

  it("with neverReleaseArenas no arena is ever given back", () => {
    const { obj, os } = newHeap({ neverReleaseArenas: true });
    const pools = fillPools(obj, 63 * 3);
    const held = os.heldBytes;
    for (const p of pools.flat()) obj.free(p);
    expect(obj.stats().arenasCurrent).toBe(3);
    expect(os.heldBytes).toBe(held);
    expect(obj.allocatedBlocks()).toBe(0);
    obj.verify();
    // The empty arenas are reused: no new mapping for the same load.
    fillPools(obj, 63 * 3);
    expect(obj.stats().arenasAllocatedTotal).toBe(3);
    obj.verify();
  });

  it("takes new pools from the fullest usable arena (usable_arenas sorted by free pools)", () => {
    const { obj } = newHeap();
    const pools = fillPools(obj, 63 * 3);
    // Arena 1 gets 5 free pools, arena 3 gets 2: arena 3 is fuller, so it comes first.
    for (const p of pools.slice(0, 5).flat()) obj.free(p);
    for (const p of pools.slice(126, 128).flat()) obj.free(p);
    obj.verify();
    const arena3 = poolOf(pools[126]![0]!);
    const next = obj.malloc(16);
    expect([poolOf(pools[126]![0]!), poolOf(pools[127]![0]!)]).toContain(poolOf(next));
    expect(Math.abs(poolOf(next) - arena3)).toBeLessThan(1 << 20);
    obj.verify();
  });
});

describe("realloc (pymalloc_realloc)", () => {
  it("property: stays in place iff the new size fits the class and shrinks by less than 25%", () => {
    const { obj, os } = newHeap();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 512 }), fc.integer({ min: 0, max: 1100 }), (n, m) => {
        const p = obj.malloc(n);
        os.memory.fill(p, n, 0x5a);
        const size = classSize(n);
        const q = obj.realloc(p, m);
        const inPlace = m <= size && 4 * m > 3 * size;
        expect(q === p).toBe(inPlace);
        const kept = Math.min(n, m);
        expect(os.memory.u8.subarray(q, q + kept).every((b) => b === 0x5a)).toBe(true);
        expect(obj.addressInRange(q)).toBe(m >= 1 && m <= 512);
        obj.free(q);
      }),
    );
    expect(obj.allocatedBlocks()).toBe(0);
    obj.verify();
  });

  it("a raw block stays raw, even when it shrinks below 512", () => {
    const { obj } = newHeap();
    const p = obj.malloc(2000);
    const q = obj.realloc(p, 16);
    expect(obj.addressInRange(q)).toBe(false);
    expect(obj.stats().rawAllocatedBlocks).toBe(1);
    expect(obj.realloc(0, 16)).toBeGreaterThan(0);
  });
});

describe("bad frees without the debug hooks", () => {
  it("catches a double free that empties a pool and an interior pointer", () => {
    const { obj } = newHeap();
    const keep = obj.malloc(100);
    const p = obj.malloc(16);
    obj.free(p);
    expect(() => obj.free(p)).toThrowError(HeapCorruptionError);
    expect(() => obj.free(keep + 8)).toThrowError(/interior or foreign pointer/);
    obj.verify();
  });
});

describe("calloc", () => {
  it("zeroes a reused block", () => {
    const { obj, os } = newHeap();
    const p = obj.malloc(64);
    os.memory.fill(p, 64, 0xee);
    obj.free(p);
    const q = obj.calloc(8, 8);
    expect(q).toBe(p);
    expect(os.memory.u8.subarray(q, q + 64).every((b) => b === 0)).toBe(true);
    const big = obj.calloc(100, 10);
    expect(obj.addressInRange(big)).toBe(false);
    expect(obj.stats().rawAllocatedBlocks).toBe(1);
  });
});
