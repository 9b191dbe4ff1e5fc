import { runOne } from "@heaplab/compare";
import { describe, expect, it } from "vitest";
import { catalog } from "../src/catalog";
import { DEFAULT_SCALE, DEFAULT_WORKLOADS } from "../src/compare/defaults";
import { paramsFor } from "../src/engine/params";
import { SMALL_HEAP_SETTINGS } from "../src/engine/small-heap";

describe("the comparison's defaults", () => {
  // The issue asks for defaults large enough that every strategy collects: every strategy that has a
  // collector (it reclaims cycles; `none` and reference counting alone have none) must collect at least
  // once in each default workload, with the settings and scale the page starts with.
  it.each(DEFAULT_WORKLOADS)("every collector collects in %s at the default scale", (workload) => {
    const idle: string[] = [];
    for (const strategy of catalog.names()) {
      const r = runOne(
        {
          workload,
          strategy,
          params: paramsFor(workload, DEFAULT_SCALE)!,
          settings: { ...(SMALL_HEAP_SETTINGS[strategy] ?? {}) },
        },
        { catalog, heapLimit: 64 << 20 },
      );
      expect(r.error ?? "").toBe("");
      const collections = Object.values(r.collections).reduce((a, b) => a + b, 0);
      if (r.constraints.reclaimsCycles && collections === 0) idle.push(strategy);
    }
    expect(idle).toEqual([]);
  });
});
