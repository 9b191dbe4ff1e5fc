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
