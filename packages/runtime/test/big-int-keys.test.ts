import { describe, expect, it } from "vitest";
import { createNoneStrategy, PyKeyError, Runtime } from "../src/index";

// Ints past 2^53 are stored exactly (30-bit digits); as dict and set keys they must compare exactly too,
// though their hashes come from rounded values and may collide.
describe("big int keys", () => {
  it("keeps 2**60 + 1 and 2**60 + 2 apart, and equals a float only when it is that integer", () => {
    const rt = new Runtime(createNoneStrategy(), { heapLimit: 16 << 20 });
    rt.scope(() => {
      const big = 2n ** 60n;
      const d = rt.newDict();
      rt.dictSet(d, rt.newInt(big + 1n), rt.newStr("a"));
      expect(rt.strValue(rt.dictGet(d, rt.newInt(big + 1n)))).toBe("a");
      expect(() => rt.dictGet(d, rt.newInt(big + 2n))).toThrow(PyKeyError);
      expect(rt.contains(d, rt.newFloat(Number(big)))).toBe(false);
      const s = rt.newSet([rt.newInt(big)]);
      expect(rt.contains(s, rt.newFloat(Number(big)))).toBe(true);
      expect(rt.contains(s, rt.newInt(big + 1n))).toBe(false);
    });
    rt.verify();
  });
});
