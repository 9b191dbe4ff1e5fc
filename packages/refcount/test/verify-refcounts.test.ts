import { Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { createRefcountStrategy } from "../src";
import { REFCNT } from "../src/internals";

function make() {
  return new Runtime(createRefcountStrategy(), { heapLimit: 64 << 20 });
}

describe("the refcount verifier", () => {
  it("counts the str keys of a unicode dict, which dict_traverse skips (regression)", () => {
    const rt = make();
    rt.scope(() => {
      const d = rt.newDict();
      const k = rt.newStr("spam");
      rt.dictSet(d, k, rt.newInt(1000));
      rt.dictSet(d, rt.newStr("eggs"), rt.newList());
      // the key is held by the handle and the dict: refcount 2, as sys.getrefcount(k) - 1 in CPython
      expect(rt.refcount(k)).toBe(2);
      rt.verify();
    });
    rt.verify();
  });

  it("counts both the key and the value of a dict with non-str keys", () => {
    const rt = make();
    rt.scope(() => {
      const d = rt.newDict();
      rt.dictSet(d, rt.newInt(5000), rt.newStr("x"));
      rt.dictSet(d, rt.newTuple([rt.newInt(7000)]), rt.newFloat(1.5));
      rt.verify();
    });
  });

  it("fails on a refcount one too high and one too low, naming the object", () => {
    const rt = make();
    rt.scope(() => {
      const d = rt.newDict();
      const k = rt.newStr("spam");
      rt.dictSet(d, k, rt.newList());
      const addr = rt.addressOf(k);
      const u32 = rt.memory.u32;
      u32[(addr + REFCNT) >>> 2]! += 1;
      expect(() => rt.verify()).toThrow(/str at 0x[0-9a-f]+ has refcount 3 but 2 references point at it/);
      u32[(addr + REFCNT) >>> 2]! -= 2;
      expect(() => rt.verify()).toThrow(/has refcount 1 but 2 references/);
      u32[(addr + REFCNT) >>> 2]! += 1;
      rt.verify();
    });
  });
});
