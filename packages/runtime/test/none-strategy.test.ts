import { describe, expect, it } from "vitest";
import { createNoneStrategy, HeapCorruptionError, MemoryError, Runtime } from "../src/index";

describe("the none strategy", () => {
  it("runs a workload until the limit, then raises MemoryError and keeps the heap consistent", () => {
    const rt = new Runtime(createNoneStrategy(), { heapLimit: 4 << 20 });
    const keep = rt.persistent(rt.newList());
    let error: unknown;
    let made = 0;
    try {
      for (;;) {
        rt.scope(() => rt.append(keep, rt.newTuple([rt.newInt(100000 + made), rt.newStr("payload")])));
        made++;
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MemoryError);
    expect((error as MemoryError).message).toMatch(/'none' strategy never collects and its heap is full/);
    expect((error as MemoryError).limit).toBe(4 << 20);
    expect(made).toBeGreaterThan(10000);
    expect(rt.len(keep)).toBe(made);
    rt.verify();
    // Everything made before the failure is intact.
    rt.scope(() => {
      const last = rt.getItem(keep, made - 1);
      expect(rt.intValue(rt.getItem(last, 0))).toBe(100000 + made - 1);
    });
    expect(rt.stats().heldBytes).toBeLessThanOrEqual(4 << 20);
  });

  it("collect() finds nothing and the event stream stays quiet", () => {
    const rt = new Runtime(createNoneStrategy(), { heapLimit: 4 << 20 });
    const seen: string[] = [];
    rt.events.on((e) => seen.push(e.type));
    rt.scope(() => rt.newList());
    expect(rt.collect()).toBe(0);
    expect(() => rt.collect(1)).toThrow("invalid generation");
    expect(seen).toEqual([]);
  });
});

describe("the verifier", () => {
  it("catches a corrupted type word, naming the address", () => {
    const rt = new Runtime(createNoneStrategy(), { heapLimit: 4 << 20 });
    const l = rt.persistent(rt.newList());
    rt.verify();
    const addr = rt.addressOf(l);
    rt.memory.u32[addr >>> 2] = 999;
    expect(() => rt.verify()).toThrow(HeapCorruptionError);
    expect(() => rt.verify()).toThrow(
      `heap corrupted at 0x${addr.toString(16)}: type word holds unknown type id 999`,
    );
  });

  it("catches a reference to something that is not an object", () => {
    const rt = new Runtime(createNoneStrategy(), { heapLimit: 4 << 20 });
    const l = rt.persistent(rt.newList());
    rt.append(l, rt.newList());
    const items = rt.memory.u32[(rt.addressOf(l) + 16) >>> 2]!;
    rt.memory.u32[items >>> 2] = rt.addressOf(l) + 8; // points into the middle of an object
    expect(() => rt.verify()).toThrow(/which is not a live object/);
  });
});

describe("the verifier sees every owned reference", () => {
  it("catches a str key of a unicode dict that points at garbage", () => {
    const rt = new Runtime(createNoneStrategy(), { heapLimit: 4 << 20 });
    const d = rt.persistent(rt.newDict());
    rt.scope(() => rt.dictSet(d, rt.newStr("key"), rt.newInt(5000)));
    rt.verify();
    const keys = rt.memory.u32[(rt.addressOf(d) + 24) >>> 2]!;
    // A unicode table: 32-byte header, 8 one-byte indices, then entries of (key, value).
    rt.memory.u32[(keys + 40) >>> 2] = rt.addressOf(d) + 16;
    expect(() => rt.verify()).toThrow(/which is not a live object/);
  });
});
