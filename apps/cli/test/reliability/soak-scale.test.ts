import { describe, expect, it } from "vitest";
import { catalog } from "../../src/catalog";
import { scaleHeap } from "./scale-heap";
import { soak } from "./soak-workload";

/**
 * Short versions of issue 8's soak and scale runs (the long ones: `pnpm test:stress`). Heap held, live
 * bytes and the process's JS heap must stay flat after warm-up: the slope over the samples predicts
 * growth over the window, which must stay within the noise of the random mix (a leak of one byte per
 * operation would show as growth of more than 10%).
 */
describe.each(catalog.names())("soak and scale under %s (short)", (name) => {
  it("200k mixed operations keep heap, live bytes and JS memory flat", () => {
    const r = soak(name, 200_000, 16, 400);
    expect(r.ops).toBeGreaterThanOrEqual(200_000);
    expect(Math.abs(r.heldGrowth)).toBeLessThan(0.35);
    expect(Math.abs(r.usedGrowth)).toBeLessThan(0.35);
    expect(r.jsGrowthBytes).toBeLessThan(4 << 20);
  });

  it("a 24 MiB live heap survives a full collection intact", () => {
    const r = scaleHeap(name, 24);
    expect(r.liveMiB).toBeGreaterThanOrEqual(24);
    expect(r.msPerLiveMiB).toBeGreaterThan(0);
  });
});
