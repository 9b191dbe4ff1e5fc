import { createNoneStrategy, Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { createWorkloadContext, getWorkload, workloads } from "../src/index";
import { reachableByType } from "./reachable";

const LEAKS: [string, string][] = [
  ["leak-global-cache", "Record"],
  ["leak-class-attribute", "Session"],
  ["leak-closure", "Dataset"],
  ["leak-listener", "Widget"],
];

function runOn(name: string, iterations: number) {
  const rt = new Runtime(createNoneStrategy({ heapLimit: 64 << 20 }), { heapLimit: 64 << 20 });
  const w = getWorkload(name);
  const ctx = createWorkloadContext(rt, { seed: 1 });
  w.run(rt, { ...w.params, iterations }, ctx);
  rt.verify();
  return { rt, ctx };
}

describe("the four seed leaks and their fixes", () => {
  it("every leak has a fix named <leak>-fixed that names it, and both explain themselves", () => {
    for (const [leak] of LEAKS) {
      const fix = getWorkload(`${leak}-fixed`);
      expect(fix.fixes).toBe(leak);
      expect(getWorkload(leak).description.length).toBeGreaterThan(80);
      expect(fix.description.length).toBeGreaterThan(80);
    }
    expect(new Set(workloads.map((w) => w.name)).size).toBe(workloads.length);
  });

  it.each(LEAKS)("%s keeps every %s reachable from a global; the fix keeps none", (leak, type) => {
    const n = 37; // not a multiple of any batch size, so the fix's last partial batch is covered too
    const leaky = runOn(leak, n);
    expect(reachableByType(leaky.rt, leaky.ctx.globals.values()).get(type)).toBe(n);
    const fixed = runOn(`${leak}-fixed`, n);
    expect(reachableByType(fixed.rt, fixed.ctx.globals.values()).get(type) ?? 0).toBe(0);
  });

  it("the leak's globals are named, as a leak finder reports them", () => {
    const { ctx } = runOn("leak-global-cache", 3);
    expect([...ctx.globals.keys()]).toEqual(["_cache"]);
  });
});
