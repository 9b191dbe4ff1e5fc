import { Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { FREE, HEADER_BYTES } from "../src/header";
import { createMarkCompact } from "../src/index";
import type { BumpSpace } from "../src/spaces/bump-space";
import { held, verifiedRuntime } from "./helpers";

describe("mark-compact", () => {
  it("grows geometrically: building a live heap takes a logarithmic number of collections, not one per region", () => {
    // 64 KiB regions, 16 MiB live: growing one region per collection (as it once did) compacts the
    // whole heap about 250 times; doubling needs about log2(16 MiB / 64 KiB) = 8 (plus a few).
    const { rt, collections } = verifiedRuntime(
      () => createMarkCompact({ settings: { "region-bytes": 1 << 16 } }),
      256 << 20,
    );
    const keep = held(rt, () => rt.newList());
    let n = 0;
    while (rt.stats().usedBytes < 16 << 20) rt.scope(() => rt.append(keep, rt.newBytes(1000 + (n++ % 7))));
    expect(collections()).toBeGreaterThan(3);
    expect(collections()).toBeLessThanOrEqual(2 * Math.log2((16 << 20) / (1 << 16)));
    rt.scope(() => expect(rt.len(rt.getItem(keep, n - 1))).toBe(1000 + ((n - 1) % 7)));
  });

  it("reports as fragmentation exactly the free fillers left before pinned objects", () => {
    const plan = createMarkCompact({ settings: { "region-bytes": 1 << 16 } });
    const rt = new Runtime(plan, { heapLimit: 64 << 20 });
    // The oracle: walk the compacted space's blocks and sum the free ones.
    const space = (plan as unknown as { space: BumpSpace }).space;
    const walkedFreeBytes = () => {
      let sum = 0;
      const u32 = rt.memory.u32;
      space.forEachBlock((o) => {
        if ((u32[(o - HEADER_BYTES + 4) >>> 2]! & FREE) !== 0) sum += u32[(o - HEADER_BYTES) >>> 2]!;
      }, u32);
      return sum;
    };
    const keep = held(rt, () => rt.newList());
    const pinned: number[] = [];
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 400; i++)
        rt.scope(() => {
          const b = rt.newBytes(50 + i);
          if (i % 50 === 7) {
            rt.append(keep, b);
            if (round % 2 === 0) {
              rt.pin(b);
              pinned.push(round);
            }
          }
        });
      rt.collect();
      expect(rt.stats().fragmentation).toBe(walkedFreeBytes());
      // Bump allocation creates no free blocks: the number stays true between collections.
      rt.scope(() => void rt.newTuple([rt.newInt(round)]));
      expect(rt.stats().fragmentation).toBe(walkedFreeBytes());
    }
    expect(pinned.length).toBeGreaterThan(0);
    expect(rt.stats().fragmentation).toBeGreaterThan(0);
    rt.verify();
  });
});
