import { describe, expect, it } from "vitest";
import { createJvmSerial } from "../src/index";
import { held, verifiedRuntime } from "./helpers";

describe("jvm-serial", () => {
  it("logs each pause in -Xlog:gc format, young pauses as GC(n) Pause Young", () => {
    const { rt } = verifiedRuntime(() => createJvmSerial({ settings: { "initial-heap": 3 << 20 } }));
    const lines: string[] = [];
    rt.events.on((e) => {
      if (e.type === "log") lines.push(e.text);
    });
    const keep = held(rt, () => rt.newList());
    for (let i = 0; i < 20000; i++)
      rt.scope(() => {
        const t = rt.newTuple([rt.newInt(i), rt.newStr("x")]);
        if (i % 20 === 0) rt.append(keep, t);
      });
    rt.collect();
    const pauses = lines.filter((l) => l.startsWith("[gc] "));
    expect(pauses.length).toBeGreaterThan(2);
    for (const l of pauses)
      expect(l).toMatch(
        /^\[gc\] GC\(\d+\) Pause (Young|Full) \((Allocation Failure|System\.gc\(\))\) \d+M->\d+M\(\d+M\) \d+\.\d{3}ms$/,
      );
    expect(pauses[0]).toMatch(/^\[gc\] GC\(0\) Pause Young \(Allocation Failure\)/);
    expect(pauses.at(-1)).toMatch(/Pause Full \(System\.gc\(\)\)/);
    expect(
      lines.some((l) =>
        /^\[gc,age\] Desired survivor size \d+ bytes, new threshold \d+ \(max threshold 15\)$/.test(l),
      ),
    ).toBe(true);
    rt.scope(() => expect(rt.intValue(rt.getItem(rt.getItem(keep, 999), 0))).toBe(19980));
  });

  it("ages survivors and promotes them after the tenuring threshold, keeping old-to-young references in cards", () => {
    const plan = createJvmSerial({ settings: { "initial-heap": 3 << 20, "max-tenuring-threshold": 2 } });
    const { rt } = verifiedRuntime(() => plan);
    const old = held(rt, () => rt.newList());
    let promoted = 0;
    rt.events.on((e) => {
      if (e.type === "gc-end") promoted += e.promotedBytes;
    });
    for (let round = 0; round < 20; round++) {
      // A young object stored into an (eventually) old list: the barrier's card keeps it alive.
      rt.scope(() => rt.append(old, rt.newStr(`young ${round}`)));
      for (let i = 0; i < 10000; i++) rt.scope(() => void rt.newTuple([rt.newInt(i)]));
    }
    expect(promoted).toBeGreaterThan(0);
    expect(plan.tenuringThreshold).toBeLessThanOrEqual(2);
    const tenured = plan.spaces().find((s) => s.name === "tenured")!;
    expect(tenured.used).toBeGreaterThan(0);
    rt.scope(() => {
      for (let r = 0; r < 20; r++) expect(rt.strValue(rt.getItem(old, r))).toBe(`young ${r}`);
    });
  });

  it("survives a promotion failure: the scavenge completes, a full collection follows, nothing is lost", () => {
    // A tiny tenured generation and a heap limit that forbids expanding it.
    const { rt } = verifiedRuntime(
      () => createJvmSerial({ settings: { "initial-heap": 1 << 20, "max-tenuring-threshold": 1 } }),
      3 << 20,
    );
    const lines: string[] = [];
    rt.events.on((e) => {
      if (e.type === "log") lines.push(e.text);
    });
    const keep = held(rt, () => rt.newList());
    let error: unknown;
    let n = 0;
    try {
      for (; n < 200000; n++) rt.scope(() => rt.append(keep, rt.newTuple([rt.newInt(n)])));
    } catch (e) {
      error = e;
    }
    if ((error as Error).name !== "MemoryError") throw error;
    expect(lines.some((l) => l.includes("Pause Full"))).toBe(true);
    expect(lines.some((l) => l.includes("Promotion failed"))).toBe(true);
    rt.verify();
    rt.scope(() => {
      expect(rt.len(keep)).toBe(n);
      for (let i = 0; i < n; i += 97) expect(rt.intValue(rt.getItem(rt.getItem(keep, i), 0))).toBe(i);
    });
  });

  it("keeps promoted objects intact when a scavenge expands tenured and linear memory grows mid-copy", () => {
    // The smallest program the 64 MiB scale run shrank to: live tuples promoted at once (threshold 0)
    // into a 1 MiB-heap's tenured generation, so one scavenge expands tenured past the end of linear
    // memory. Growing linear memory replaces its typed-array views; the copier once kept writing
    // headers and forwarding words through the old, detached ones (lost stores: duplicated objects,
    // headerless copies, then "unknown type id" or a clean card over a young reference).
    const { rt } = verifiedRuntime(
      () => createJvmSerial({ settings: { "initial-heap": 1 << 20, "max-tenuring-threshold": 0 } }),
      64 << 20,
    );
    let versionAtStart = 0;
    let generation = -1;
    let grewDuringScavenge = 0;
    rt.events.on((e) => {
      if (e.type === "gc-start") {
        versionAtStart = rt.memory.version;
        generation = e.generation;
      } else if (e.type === "gc-end" && generation === 0 && rt.memory.version !== versionAtStart)
        grewDuringScavenge++;
    });
    const keep = held(rt, () => rt.newList());
    const n = 20000;
    for (let i = 0; i < n; i++)
      rt.scope(() => rt.append(keep, rt.newTuple([rt.newInt(i), rt.newBytes(100)])));
    // The program reached the case it is about: memory grew inside a young collection.
    expect(grewDuringScavenge).toBeGreaterThan(0);
    rt.verify();
    rt.scope(() => {
      expect(rt.len(keep)).toBe(n);
      for (let i = 0; i < n; i++) {
        const t = rt.getItem(keep, i);
        expect(rt.intValue(rt.getItem(t, 0))).toBe(i);
        expect(rt.len(rt.getItem(t, 1))).toBe(100);
      }
    });
  });
});
