import { describe, expect, it } from "vitest";
import { createNoneStrategy, Runtime } from "../src/index";

describe("set.clear()", () => {
  // Regression (issue 8's mutator fuzzer): clear() zeroed 16 bytes too few, so the last smalltable
  // entry kept its key: a cleared set still "contained" a key hashing to slot 7, and under reference
  // counting it pointed at an object whose reference it had already dropped.
  it("empties every smalltable entry, the last one included", () => {
    const rt = new Runtime(createNoneStrategy(), { heapLimit: 4 << 20 });
    rt.scope(() => {
      const s = rt.newSet();
      // hash(v) = v: slots 0..7 of mask 7; four keys stay below the resize point (fill * 5 >= mask * 3).
      const keys = [0, 1, 2, 3, 4, 5, 6, 7].map((v) => rt.newInt(v));
      for (const k of [keys[0]!, keys[3]!, keys[6]!, keys[7]!]) rt.add(s, k);
      expect(rt.len(s)).toBe(4);
      rt.clear(s);
      expect(rt.len(s)).toBe(0);
      for (const k of keys) expect(rt.contains(s, k)).toBe(false);
      rt.add(s, keys[7]!);
      expect(rt.len(s)).toBe(1);
      expect(rt.contains(s, keys[7]!)).toBe(true);
      rt.verify();
    });
  });
});
