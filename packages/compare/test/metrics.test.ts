import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mmu, type PauseInterval, percentile } from "../src/internals";

describe("percentile (nearest rank)", () => {
  it("matches the definition on small lists", () => {
    expect(percentile([], 99)).toBe(0);
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2); // ceil(0.5 * 4) = 2nd smallest
    expect(percentile([4, 1, 3, 2], 75)).toBe(3);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
  });
});

/** Sorted, non-overlapping pauses inside [0, total]. */
const pausesArb = fc
  .array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true })), {
    maxLength: 12,
  })
  .map((gaps) => {
    const out: PauseInterval[] = [];
    let t = 0;
    for (const [gap, len] of gaps) {
      const start = t + gap * 10;
      out.push({ start, end: start + len });
      t = start + len;
    }
    return { pauses: out, total: t + 5 };
  });

/** Brute force: utilisation of many windows on a fine grid. */
function bruteMmu(pauses: readonly PauseInterval[], total: number, w: number): number {
  let worst = 1;
  const steps = 2000;
  const candidates = [...pauses.flatMap((p) => [p.start, p.end - w]), 0, total - w];
  for (let i = 0; i <= steps; i++) candidates.push(((total - w) * i) / steps);
  for (const c of candidates) {
    const t = Math.min(Math.max(0, c), total - w);
    let gc = 0;
    for (const p of pauses) gc += Math.max(0, Math.min(p.end, t + w) - Math.max(p.start, t));
    worst = Math.min(worst, 1 - gc / w);
  }
  return Math.max(0, worst);
}

describe("minimum mutator utilisation", () => {
  it("one 5 ms pause in 100 ms: half of a 10 ms window, none of a 5 ms window", () => {
    const p = [{ start: 10, end: 15 }];
    expect(mmu(p, 100, 10)).toBeCloseTo(0.5);
    expect(mmu(p, 100, 5)).toBeCloseTo(0);
    expect(mmu(p, 100, 100)).toBeCloseTo(0.95);
    expect(mmu([], 100, 10)).toBe(1);
    expect(mmu(p, 4, 10)).toBeNull();
  });

  it("equals a brute-force search over windows, and is 0 for windows no longer than the longest pause", () => {
    fc.assert(
      fc.property(pausesArb, fc.double({ min: 0.5, max: 20, noNaN: true }), ({ pauses, total }, w) => {
        const u = mmu(pauses, total, w);
        if (total < w) return u === null;
        const b = bruteMmu(pauses, total, w);
        expect(u).toBeCloseTo(b, 6);
        const longest = Math.max(0, ...pauses.map((p) => p.end - p.start));
        if (longest >= w) expect(u).toBeCloseTo(0, 9);
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
