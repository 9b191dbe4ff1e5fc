import { describe, expect, it } from "vitest";
import { newHeap } from "./helpers";

describe("smoke", () => {
  it("allocates across classes and frees", () => {
    const { obj } = newHeap();
    const ps: number[] = [];
    for (let i = 0; i < 20000; i++) ps.push(obj.malloc((i * 7) % 700));
    obj.verify();
    for (const p of ps) obj.free(p);
    obj.verify();
    expect(obj.allocatedBlocks()).toBe(0);
  });
  it("debug", () => {
    const { obj, raw } = newHeap({ debugHooks: true });
    const { obj: o2 } = newHeap({ debugHooks: true });
    void o2;
    const ps: number[] = [];
    for (let i = 0; i < 2000; i++) ps.push(obj.malloc((i * 7) % 700));
    for (const p of ps) obj.free(p);
    obj.verify();
    raw.verify();
    expect(raw.debug!.liveBlocks).toBe(1); // the arenas vector
  });
});
