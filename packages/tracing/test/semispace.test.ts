import { MemoryError, Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { createSemiSpace } from "../src/index";
import { held, verifiedRuntime } from "./helpers";

describe("semispace", () => {
  it("grows geometrically: building a live heap takes a logarithmic number of collections, not one per region", () => {
    // 64 KiB halves, 16 MiB live: adding one half-size region per collection (as it once did) copies the
    // whole heap about 250 times; doubling needs about log2(16 MiB / 64 KiB) = 8 (plus a few).
    const { rt, collections } = verifiedRuntime(
      () => createSemiSpace({ settings: { "semispace-bytes": 1 << 16 } }),
      256 << 20,
    );
    const keep = held(rt, () => rt.newList());
    let n = 0;
    while (rt.stats().usedBytes < 16 << 20) rt.scope(() => rt.append(keep, rt.newBytes(1000 + (n++ % 7))));
    expect(collections()).toBeGreaterThan(3);
    expect(collections()).toBeLessThanOrEqual(2 * Math.log2((16 << 20) / (1 << 16)));
    rt.scope(() => expect(rt.len(rt.getItem(keep, n - 1))).toBe(1000 + ((n - 1) % 7)));
  });
});

describe("semispace once its heap has filled", () => {
  /** A 16 MiB heap (4 MiB halves) filled with 1 KiB objects until MemoryError; the runtime and the list holding them. */
  function filled() {
    const limit = 16 << 20;
    const rt = new Runtime(createSemiSpace(), { heapLimit: limit });
    const keep = held(rt, () => rt.newList());
    for (;;) {
      try {
        rt.scope(() => rt.append(keep, rt.newBytes(1000)));
      } catch (e) {
        if (!(e instanceof MemoryError)) throw e;
        break;
      }
    }
    rt.verify();
    return { rt, keep };
  }

  it("collects again: with nothing live, 10,000 short-lived 1 KiB allocations all succeed", () => {
    // Issue 16: the collection demanded a to-space as large as the from-space's used bytes, garbage
    // included, so once the from-space had grown past the reserve not one allocation succeeded.
    const { rt, keep } = filled();
    rt.scope(() => rt.clear(keep));
    let ok = 0;
    for (let i = 0; i < 10_000; i++) {
      rt.scope(() => {
        rt.newBytes(1000);
      });
      ok++;
    }
    expect(ok).toBe(10_000);
    rt.verify();
  });

  it("fails cleanly when the survivors really do not fit: MemoryError, nothing moved, the heap consistent", () => {
    const { rt, keep } = filled();
    const n = rt.len(keep);
    const before = rt.scope(() => rt.addressOf(rt.getItem(keep, n - 1)));
    expect(() => rt.collect()).toThrow(MemoryError);
    rt.verify();
    rt.scope(() => {
      expect(rt.len(keep)).toBe(n);
      expect(rt.addressOf(rt.getItem(keep, n - 1))).toBe(before);
      expect(rt.len(rt.getItem(keep, n - 1))).toBe(1000);
    });
    // Half of it dropped, the rest fits and the program goes on.
    rt.scope(() => {
      for (let i = 0; i < n / 2; i++) rt.pop(keep);
    });
    rt.collect();
    rt.verify();
    rt.scope(() => expect(rt.len(rt.getItem(keep, 0))).toBe(1000));
  });
});
