import { HeapCorruptionError } from "@heaplab/runtime";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newHeap } from "./helpers";

describe("usable_arenas order and nfp2lasta under random frees (insert_to_freepool cases 1–4)", () => {
  it("property: after any order of frees and re-allocations, verify() finds the list sorted and nfp2lasta right", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.boolean(), (seed, never) => {
        const { obj } = newHeap({ neverReleaseArenas: never });
        // 512-byte blocks: 31 per pool, 63 pools per arena: 8,000 blocks span 5 arenas.
        const ps = Array.from({ length: 8000 }, () => obj.malloc(512));
        let s = seed;
        const rand = (n: number) => {
          s = (Math.imul(s, 48271) + 11) >>> 0;
          return s % n;
        };
        for (let i = ps.length - 1; i > 0; i--) {
          const j = rand(i + 1);
          [ps[i], ps[j]] = [ps[j]!, ps[i]!];
        }
        // Free in shuffled order; now and then allocate a few blocks of random classes in between.
        const live = ps;
        for (let step = 0; step < 7000; step++) {
          const p = live.pop();
          if (p !== undefined) obj.free(p);
          if (step % 700 === 0) {
            obj.verify();
            for (let k = 0; k < 50; k++) live.unshift(obj.malloc(16 + rand(497)));
          }
        }
        obj.verify();
        expect(obj.allocatedBlocks()).toBe(live.length);
        for (const p of live) obj.free(p);
        obj.verify();
        const st = obj.stats();
        expect(st.allocatedBlocks).toBe(0);
        if (never) expect(st.arenasReclaimed).toBe(0);
        else expect(st.arenasCurrent).toBe(1);
      }),
      { numRuns: 8 },
    );
  });
});

describe("verify() catches corruption, naming the address", () => {
  it("a pool header whose count was overwritten", () => {
    const { obj, os } = newHeap();
    const p = obj.malloc(32);
    obj.malloc(32);
    const pool = p - (p % 16_384);
    os.memory.u32[pool >>> 2] = 7; // ref.count
    expect(() => obj.verify()).toThrowError(HeapCorruptionError);
    try {
      obj.verify();
    } catch (e) {
      expect((e as HeapCorruptionError).address).toBe(pool);
      expect((e as Error).message).toContain("carved blocks");
    }
  });

  it("a free-list link pointing outside its pool", () => {
    const { obj, os } = newHeap();
    const a = obj.malloc(64);
    obj.malloc(64);
    obj.free(a);
    os.memory.u32[a >>> 2] = 0x40; // the freed block's next pointer
    expect(() => obj.verify()).toThrowError(/free block outside its pool/);
  });
});
