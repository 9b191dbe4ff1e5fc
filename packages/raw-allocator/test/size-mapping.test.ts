import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { insertIndex, searchIndex } from "../src/internals";

/** Lower bound of list `idx`, from TLSF's definition (first level 0: exact 16-byte classes). */
function lowerBound(idx: number): number {
  const fl = idx >>> 4;
  const sl = idx & 15;
  return fl === 0 ? sl * 16 : 2 ** (fl + 7) + sl * 2 ** (fl + 3);
}

const blockSize = fc.integer({ min: 2, max: (1 << 26) - 1 }).map((k) => k * 16);

describe("TLSF size mapping", () => {
  it("puts a block in the list whose range holds its size", () => {
    fc.assert(
      fc.property(blockSize, (s) => {
        const idx = insertIndex(s);
        expect(lowerBound(idx)).toBeLessThanOrEqual(s);
        expect(s).toBeLessThan(lowerBound(idx + 1));
      }),
    );
  });

  it("searches a list whose every block is large enough, and never skips a fitting list by more than one", () => {
    fc.assert(
      fc.property(blockSize, (s) => {
        const idx = searchIndex(s);
        expect(lowerBound(idx)).toBeGreaterThanOrEqual(s);
        expect(idx - insertIndex(s)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("matches the reference numbers: 16-byte classes below 256, 16 subdivisions above", () => {
    expect(insertIndex(240)).toBe(15);
    expect(insertIndex(256)).toBe(16);
    expect(insertIndex(511)).toBe(31);
    expect(insertIndex(512)).toBe(32);
    expect(lowerBound(33)).toBe(512 + 32);
  });
});
