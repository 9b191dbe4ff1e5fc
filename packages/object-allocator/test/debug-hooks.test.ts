import { MemoryDebugError } from "@heaplab/raw-allocator";
import { describe, expect, it } from "vitest";
import { newHeap } from "./helpers";

function caught(f: () => void): MemoryDebugError {
  try {
    f();
  } catch (e) {
    if (e instanceof MemoryDebugError) return e;
    throw e;
  }
  throw new Error("expected a MemoryDebugError");
}

describe("debug hooks on the object domain (API 'o')", () => {
  it("decorates pymalloc blocks: a 16-byte request takes a 48-byte block (16 + 32)", () => {
    const { obj, os } = newHeap({ debugHooks: true });
    const p = obj.malloc(16);
    expect(os.memory.u8[p - 8]).toBe("o".charCodeAt(0));
    expect(obj.addressInRange(p)).toBe(true);
    expect(obj.usableSize(p)).toBe(16);
    obj.free(p);
    obj.verify();
  });

  it("detects an API mismatch: PyMem_RawMalloc then PyObject_Free, and the reverse", () => {
    const { obj, raw } = newHeap({ debugHooks: true });
    const r = raw.malloc(8);
    const e = caught(() => obj.free(r));
    expect(e.kind).toBe("bad-id");
    expect(e.message).toContain("bad ID: Allocated using API 'r', verified using API 'o'");
    expect(e.message).toContain(`p=0x${r.toString(16)}`);
    expect(e.message).toMatch(/serial #\d+/);
    const o = obj.malloc(8);
    expect(caught(() => raw.free(o)).message).toContain("Allocated using API 'o', verified using API 'r'");
  });

  it("detects an overrun of a pymalloc block", () => {
    const { obj, os } = newHeap({ debugHooks: true });
    const p = obj.malloc(24);
    os.memory.u8[p + 24] = 0x41;
    const e = caught(() => obj.free(p));
    expect(e.kind).toBe("overrun");
    expect(e.report).toContain("Debug memory block at address");
    expect(e.report).toContain("API 'o'");
  });

  it("a long random program over both domains ends with zero leaked blocks and consistent stats", () => {
    const { obj, raw } = newHeap({ debugHooks: true });
    let seed = 99;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed % n;
    };
    const live: { p: number; raw: boolean }[] = [];
    for (let step = 0; step < 30_000; step++) {
      const r = rand(10);
      if (r < 5 || live.length === 0) {
        const useRaw = rand(8) === 0;
        const n = rand(4) === 0 ? rand(3000) : rand(600);
        live.push({ p: useRaw ? raw.malloc(n) : obj.malloc(n), raw: useRaw });
      } else if (r < 9) {
        const b = live.splice(rand(live.length), 1)[0]!;
        if (b.raw) raw.free(b.p);
        else obj.free(b.p);
      } else {
        const k = rand(live.length);
        const b = live[k]!;
        live[k] = { p: b.raw ? raw.realloc(b.p, rand(2000)) : obj.realloc(b.p, rand(2000)), raw: b.raw };
      }
    }
    obj.verify();
    raw.verify();
    for (const b of live) (b.raw ? raw : obj).free(b.p);
    obj.verify();
    raw.verify();
    expect(obj.allocatedBlocks()).toBe(0);
    // What stays is pymalloc's own arenas[] vector, a raw block (as in CPython).
    expect(raw.debug!.liveBlocks).toBe(1);
    expect(raw.stats().liveBlocks).toBe(1);
    expect(obj.stats().rawAllocatedBlocks).toBe(0);
  });
});
