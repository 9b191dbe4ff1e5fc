import { ARENA_SIZE } from "@heaplab/object-allocator/internals";
import { type Handle, Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { createCPythonStrategy } from "../src/index";

function make(settings: Record<string, boolean> = {}) {
  const s = createCPythonStrategy({ settings });
  const rt = new Runtime(s, { heapLimit: 256 << 20 });
  return { rt, s, gc: s.gc };
}

/** `blocks` floats in lists of 1024, held by one persistent list (seed 003, scaled down). */
function fillFloats(rt: Runtime, blocks: number): Handle {
  const all = rt.persistent(rt.scope(() => rt.newList()));
  for (let c = 0; c < blocks / 1024; c++)
    rt.scope(() => {
      const part = rt.newList();
      for (let i = 0; i < 1024; i++) rt.scope(() => rt.append(part, rt.newFloat(c * 1024 + i + 0.5)));
      rt.append(all, part);
    });
  return all;
}

describe("cpython-3.11 on pymalloc and the raw allocator", () => {
  it("heldBytes is the arenas plus the raw regions, and drops when empty arenas are unmapped", () => {
    const { rt, s } = make();
    const all = fillFloats(rt, 128 * 1024);
    const full = rt.stats();
    // 131,072 floats of 32-byte blocks need at least 4 MiB of arenas
    expect(full.heldBytes).toBeGreaterThanOrEqual(4 * ARENA_SIZE);
    expect(full.heldBytes).toBe(rt.os.heldBytes); // the OS's own count of mapped bytes
    rt.clear(all);
    rt.collect(2);
    const after = rt.stats();
    expect(after.heldBytes).toBe(rt.os.heldBytes);
    // CPython frees every wholly empty arena except the last usable one (bpo-37257)
    expect(s.objects.narenasCurrentlyAllocated).toBeLessThanOrEqual(2);
    expect(after.heldBytes).toBeLessThan(full.heldBytes - 2 * ARENA_SIZE);
    expect(after.returnedBytes).toBeGreaterThanOrEqual(2 * ARENA_SIZE);
    rt.release(all);
    rt.verify();
  });

  it("settings.neverReleaseArenas keeps every arena (Python ≤ 2.4)", () => {
    const { rt, s } = make({ neverReleaseArenas: true });
    const all = fillFloats(rt, 128 * 1024);
    const arenas = s.objects.narenasCurrentlyAllocated;
    rt.clear(all);
    rt.collect(2);
    expect(s.objects.narenasCurrentlyAllocated).toBe(arenas);
    expect(rt.stats().heldBytes).toBeGreaterThanOrEqual(arenas * ARENA_SIZE);
    rt.release(all);
    rt.verify();
  });

  it("debugMallocStats prints pymalloc's table and the free-list lines; a full collection empties them", () => {
    const { rt, s } = make();
    rt.collect(2);
    rt.scope(() => {
      const l = rt.newList();
      for (let i = 0; i < 150; i++) rt.append(l, rt.newFloat(i + 0.5));
    });
    // PyFloat_MAXFREELIST is 100: 100 of the 150 dead floats are kept
    const text = s.debugMallocStats();
    expect(text).toMatch(/^Small block threshold = 512, in 32 size classes\./);
    expect(text).toContain("100 free PyFloatObjects * 24 bytes each");
    expect(text).toMatch(/free 20-sized PyTupleObjects \* 184 bytes each/);
    rt.collect(2);
    expect(s.debugMallocStats()).toContain("0 free PyFloatObjects * 24 bytes each");
  });

  it("getAllocatedBlocks counts one block per object and per item array, raw blocks included", () => {
    const { rt, s } = make();
    rt.collect(2); // empties the free lists, so every new object takes a block
    rt.scope(() => {
      const before = s.getAllocatedBlocks();
      const f = rt.newFloat(1.5);
      expect(s.getAllocatedBlocks()).toBe(before + 1);
      // a 100-item list: the object (56 bytes) and its 800-byte item array (raw: above 512 bytes)
      const items = Array.from({ length: 100 }, () => f);
      rt.newList(items);
      expect(s.getAllocatedBlocks()).toBe(before + 3);
      expect(s.objects.rawAllocatedBlocks).toBeGreaterThanOrEqual(1);
    });
    rt.verify();
  });

  it("S25: sys.intern gives one mortal str per value; small ints -5..256 are shared", () => {
    const { rt, s } = make();
    rt.scope(() => {
      const a = rt.intern("abc");
      const b = rt.intern("abc");
      expect(rt.is(a, b)).toBe(true);
      expect(rt.is(a, rt.newStr("abc"))).toBe(false); // "".join(["ab", "c"]) is "abc" → False
      // mortal: the table's references are not counted (two handles → refcount 2)
      expect(rt.refcount(a)).toBe(2);
      expect(s.interned.isInterned(rt.addressOf(a))).toBe(true);
      expect([256, -5].map((v) => rt.is(rt.newInt(v), rt.newInt(v)))).toEqual([true, true]);
      expect([257, -6].map((v) => rt.is(rt.newInt(v), rt.newInt(v)))).toEqual([false, false]);
      rt.verify();
    });
    // the last reference went: the string died and left the table
    expect(s.interned.size).toBe(0);
    expect(s.interned.lookup("abc")).toBe(0);
    rt.verify();
  });
});
