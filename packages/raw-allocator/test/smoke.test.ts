import { describe, expect, it } from "vitest";
import { RawAllocator } from "../src";
import { newOs } from "./helpers";

describe("smoke", () => {
  it("mallocs and frees", () => {
    const os = newOs();
    const raw = new RawAllocator(os);
    const ps: number[] = [];
    for (let i = 0; i < 1000; i++) ps.push(raw.malloc((i * 37) % 5000));
    raw.verify();
    for (const p of ps) raw.free(p);
    raw.verify();
    expect(raw.stats().liveBlocks).toBe(0);
  });
});
