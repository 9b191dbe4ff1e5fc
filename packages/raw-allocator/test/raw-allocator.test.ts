import { HeapCorruptionError, MemoryError } from "@heaplab/runtime";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RawAllocator } from "../src";
import { newOs } from "./helpers";

describe("RawAllocator basics", () => {
  it("returns 16-byte aligned blocks of at least the requested size; 0 is bumped to 1", () => {
    const raw = new RawAllocator(newOs());
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 70_000 }), (n) => {
        const p = raw.malloc(n);
        expect(p % 16).toBe(0);
        expect(raw.usableSize(p)).toBeGreaterThanOrEqual(Math.max(n, 1));
        raw.free(p);
      }),
    );
    raw.verify();
    expect(raw.stats().liveBlocks).toBe(0);
  });

  it("treats free(0) as a no-op and realloc(0, n) as malloc", () => {
    const raw = new RawAllocator(newOs());
    raw.free(0);
    const p = raw.realloc(0, 100);
    expect(raw.stats().liveBlocks).toBe(1);
    expect(raw.stats().requestedBytes).toBe(100);
    raw.free(p);
  });

  it("calloc zeroes memory even when it reuses a dirty block", () => {
    const os = newOs();
    const raw = new RawAllocator(os);
    const p = raw.malloc(4000);
    os.memory.fill(p, 4000, 0xab);
    raw.free(p);
    const q = raw.calloc(100, 40);
    expect(q).toBe(p);
    expect(os.memory.u8.subarray(q, q + 4000).every((b) => b === 0)).toBe(true);
    expect(raw.stats().requestedBytes).toBe(4000);
  });

  it("splits and coalesces: freeing everything leaves one free block per region", () => {
    const raw = new RawAllocator(newOs());
    const ps = Array.from({ length: 100 }, (_, i) => raw.malloc(100 + i * 13));
    for (let i = 0; i < ps.length; i += 2) raw.free(ps[i]!);
    raw.verify();
    for (let i = 1; i < ps.length; i += 2) raw.free(ps[i]!);
    raw.verify();
    const s = raw.stats();
    expect(s.regions).toBe(1); // the one kept region
    expect(s.totalFreeBytes).toBe(s.largestFreeBlock);
    expect(s.fragmentation).toBe(0);
  });

  it("reports fragmentation as 1 - largest free / total free", () => {
    const raw = new RawAllocator(newOs());
    const ps = Array.from({ length: 64 }, () => raw.malloc(1000));
    for (let i = 0; i < 64; i += 2) raw.free(ps[i]!);
    const s = raw.stats();
    expect(s.fragmentation).toBeCloseTo(1 - s.largestFreeBlock / s.totalFreeBytes, 12);
    // Arithmetic: one 256 KiB region, 64 blocks of 1008 bytes (1000 + 8-byte header, rounded to 16),
    // every other one freed: 32 holes of 1008 bytes plus the untouched tail of the region.
    const tail = 262_144 - 16 - 64 * 1008;
    expect(s.largestFreeBlock).toBe(tail);
    expect(s.totalFreeBytes).toBe(tail + 32 * 1008);
  });
});

describe("realloc", () => {
  it("shrinks in place and keeps the data", () => {
    const os = newOs();
    const raw = new RawAllocator(os);
    const p = raw.malloc(5000);
    for (let i = 0; i < 5000; i++) os.memory.u8[p + i] = i & 255;
    expect(raw.realloc(p, 1000)).toBe(p);
    expect(raw.usableSize(p)).toBeLessThan(1100);
    for (let i = 0; i < 1000; i++) expect(os.memory.u8[p + i]).toBe(i & 255);
    raw.verify();
  });

  it("grows in place by absorbing a free right neighbour", () => {
    const raw = new RawAllocator(newOs());
    const p = raw.malloc(1000);
    const q = raw.malloc(1000);
    const guard = raw.malloc(16);
    raw.free(q);
    expect(raw.realloc(p, 1900)).toBe(p);
    raw.verify();
    raw.free(guard);
  });

  it("moves when the right neighbour is in use, preserving the contents", () => {
    const os = newOs();
    const raw = new RawAllocator(os);
    const p = raw.malloc(100);
    raw.malloc(100);
    os.memory.fill(p, 100, 7);
    const r = raw.realloc(p, 10_000);
    expect(r).not.toBe(p);
    expect(os.memory.u8.subarray(r, r + 100).every((b) => b === 7)).toBe(true);
    expect(raw.stats().liveBlocks).toBe(2);
    raw.verify();
  });
});

describe("the operating system beneath", () => {
  it("gives a block larger than a region its own region and returns it when freed", () => {
    const os = newOs(64 << 20);
    const raw = new RawAllocator(os, { keepFreeRegionBytes: 0 });
    const before = os.heldBytes;
    const p = raw.malloc(3 << 20);
    expect(os.heldBytes - before).toBe((3 << 20) + 4096); // 3 MiB + the region's 16 bytes, in pages
    raw.free(p);
    expect(os.heldBytes).toBe(before);
    expect(raw.stats().returnedBytes).toBe((3 << 20) + 4096);
    expect(os.returnedBytes).toBe((3 << 20) + 4096);
  });

  it("keeps wholly free regions within its budget and returns the oldest beyond it", () => {
    const os = newOs(64 << 20);
    const raw = new RawAllocator(os, { keepFreeRegionBytes: 3 << 20 });
    const a = raw.malloc(1 << 20);
    const b = raw.malloc(2 << 20);
    raw.free(a);
    expect(raw.stats().regions).toBe(2);
    raw.free(b);
    const s = raw.stats();
    expect(s.regions).toBe(1);
    expect(s.heldBytes).toBe((2 << 20) + 4096);
    expect(s.returnedBytes).toBe((1 << 20) + 4096);
    raw.verify();
  });

  it("throws MemoryError past its limit and stays consistent", () => {
    const os = newOs(64 << 20);
    const raw = new RawAllocator(os, { limitBytes: 1 << 20 });
    const p = raw.malloc(1000);
    const before = raw.stats();
    expect(() => raw.malloc(2 << 20)).toThrowError(MemoryError);
    expect(() => raw.malloc(2 << 20)).toThrowError(/PyMem_RawMalloc\(2097152\) failed: .*limit/);
    expect(() => raw.realloc(p, 2 << 20)).toThrowError(MemoryError);
    expect(raw.stats()).toEqual(before);
    raw.verify();
    raw.free(p);
  });

  it("throws MemoryError when the OS refuses, naming the request", () => {
    const raw = new RawAllocator(newOs(1 << 20), { limitBytes: 1 << 30 });
    expect(() => raw.malloc(4 << 20)).toThrowError(
      /PyMem_RawMalloc\(4194304\) failed: the operating system refused/,
    );
    expect(() => raw.calloc(1 << 30, 1 << 30)).toThrowError(/PyMem_RawCalloc.*larger than the largest block/);
    raw.verify();
  });
});

describe("bad pointers without the debug hooks", () => {
  it("detects a double free and a foreign pointer", () => {
    const raw = new RawAllocator(newOs());
    const p = raw.malloc(100);
    raw.free(p);
    expect(() => raw.free(p)).toThrowError(HeapCorruptionError);
    expect(() => raw.free(p)).toThrowError(/double free/);
    expect(() => raw.free(8 << 20)).toThrowError(/foreign or never-allocated/);
    raw.verify();
  });
});

describe("property: a random program against a model", () => {
  type Op =
    | { kind: "malloc"; n: number }
    | { kind: "free"; i: number }
    | { kind: "realloc"; i: number; n: number };
  const size = fc.oneof(
    fc.integer({ min: 0, max: 600 }),
    fc.integer({ min: 600, max: 40_000 }),
    fc.integer({ min: 200_000, max: 600_000 }),
  );
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant("malloc" as const), n: size }),
    fc.record({ kind: fc.constant("free" as const), i: fc.nat() }),
    fc.record({ kind: fc.constant("realloc" as const), i: fc.nat(), n: size }),
  );

  it("never overlaps blocks, never loses data, and ends with nothing leaked", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const os = newOs(64 << 20);
        const raw = new RawAllocator(os);
        const live: { p: number; n: number; tag: number }[] = [];
        let tag = 1;
        const paint = (b: { p: number; n: number; tag: number }) => os.memory.fill(b.p, b.n, b.tag & 255);
        const intact = (b: { p: number; n: number; tag: number }) =>
          os.memory.u8.subarray(b.p, b.p + b.n).every((x) => x === (b.tag & 255));
        for (const o of ops) {
          if (o.kind === "malloc") {
            const b = { p: raw.malloc(o.n), n: o.n, tag: tag++ };
            paint(b);
            live.push(b);
          } else if (live.length > 0) {
            const k = o.i % live.length;
            const b = live[k]!;
            expect(intact(b)).toBe(true);
            if (o.kind === "free") {
              raw.free(b.p);
              live.splice(k, 1);
            } else {
              const q = raw.realloc(b.p, o.n);
              const kept = Math.min(b.n, o.n);
              expect(os.memory.u8.subarray(q, q + kept).every((x) => x === (b.tag & 255))).toBe(true);
              live[k] = { p: q, n: o.n, tag: tag++ };
              paint(live[k]!);
            }
          }
        }
        raw.verify();
        const sorted = [...live].sort((x, y) => x.p - y.p);
        for (let i = 1; i < sorted.length; i++) {
          expect(sorted[i - 1]!.p + sorted[i - 1]!.n).toBeLessThanOrEqual(sorted[i]!.p);
        }
        for (const b of live) expect(intact(b)).toBe(true);
        const s = raw.stats();
        expect(s.liveBlocks).toBe(live.length);
        expect(s.requestedBytes).toBe(live.reduce((a, b) => a + Math.max(b.n, 1), 0));
        expect(s.heldBytes).toBe(os.heldBytes);
        for (const b of live) raw.free(b.p);
        raw.verify();
        const end = raw.stats();
        expect(end.liveBlocks).toBe(0);
        expect(end.allocatedBytes).toBe(0);
        // Only the kept free regions remain, within the default 8 MiB budget.
        expect(end.heldBytes).toBeLessThanOrEqual(8 << 20);
        expect(end.totalFreeBytes).toBe(end.heldBytes - 16 * end.regions);
      }),
      { numRuns: 60 },
    );
  });
});

describe("verify() catches corruption, naming the address", () => {
  it("a size word overwritten by a stray write", () => {
    const os = newOs();
    const raw = new RawAllocator(os);
    const p = raw.malloc(100);
    const q = raw.malloc(100);
    raw.malloc(100);
    os.memory.u32[(q - 8) >>> 2] = 0x30; // q's header: size 48, which breaks the walk
    try {
      raw.verify();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HeapCorruptionError);
      expect((e as HeapCorruptionError).address).toBeGreaterThanOrEqual(p);
    }
  });

  it("a free block's back pointer", () => {
    const os = newOs();
    const raw = new RawAllocator(os);
    const p = raw.malloc(100);
    raw.malloc(100);
    raw.free(p);
    const h = p - 8;
    const size = os.memory.u32[h >>> 2]! & ~15;
    os.memory.u32[(h + size - 4) >>> 2] = 0;
    expect(() => raw.verify()).toThrowError(/back pointer/);
  });
});
