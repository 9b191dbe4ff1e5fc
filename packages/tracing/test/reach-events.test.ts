import { describe, expect, it } from "vitest";
import { held, smallStrategies, verifiedRuntime } from "./helpers";

/** The objects alive now, by address. */
function liveObjects(rt: ReturnType<typeof verifiedRuntime>["rt"]): Set<number> {
  const s = new Set<number>();
  rt.strategy.forEachObject((o) => s.add(o));
  return s;
}

describe("reach events: the marking order a tracing collection reports", () => {
  // Whole-heap marking collectors: what they mark is exactly what survives.
  for (const name of ["mark-compact", "mark-sweep (eager)", "clr", "jvm-serial"]) {
    it(`${name}: a full collection reports each survivor once, the first one a root, and no dead object`, () => {
      const { rt } = verifiedRuntime(smallStrategies[name]!);
      const keep = held(rt, () => rt.newList());
      rt.scope(() => {
        for (let i = 0; i < 30; i++) rt.append(keep, rt.newList([rt.newStr(`s${i}`)]));
        // Garbage: a cycle nobody refers to.
        const a = rt.newList();
        const b = rt.newList([a]);
        rt.append(a, b);
      });
      const keepAddr = rt.addressOf(keep);
      const before = liveObjects(rt);
      const reached: number[] = [];
      const freed = new Set<number>();
      const moved = new Map<number, number>();
      const off = rt.events.onAllocation({
        reach: (o) => reached.push(o),
        free: (o) => freed.add(o),
        move: (f, t) => moved.set(f, t),
      });
      rt.collect(rt.strategy.constraints.generations - 1);
      off();
      expect(new Set(reached).size).toBe(reached.length);
      for (const o of reached) expect(before.has(o)).toBe(true);
      for (const o of reached) expect(freed.has(o)).toBe(false);
      // Reached, then moved or not: exactly the objects alive after the collection.
      const after = liveObjects(rt);
      expect(new Set(reached.map((o) => moved.get(o) ?? o))).toEqual(after);
      // The roots come first: the persistent list (or another root) opens the trace.
      expect(reached).toContain(keepAddr);
      expect(freed.size).toBeGreaterThanOrEqual(2);
    });
  }

  it("a marker that only measures (semispace's copy reserve) reports nothing; copies are reported as moves", () => {
    const { rt } = verifiedRuntime(smallStrategies.semispace!);
    const keep = held(rt, () => rt.newList());
    rt.scope(() => {
      for (let i = 0; i < 10; i++) rt.append(keep, rt.newStr(`x${i}`));
    });
    const reached: number[] = [];
    const moves: number[] = [];
    const off = rt.events.onAllocation({ reach: (o) => reached.push(o), move: (f) => moves.push(f) });
    rt.collect(0);
    off();
    expect(reached).toEqual([]);
    expect(moves.length).toBe(liveObjects(rt).size);
  });
});

describe("generationOf and ageOf", () => {
  it("jvm-serial: a young survivor ages in the survivor spaces; a full collection tenures it", () => {
    const { rt } = verifiedRuntime(smallStrategies["jvm-serial"]!);
    const s = rt.strategy;
    const h = held(rt, () => rt.newStr("survivor"));
    expect(s.generationOf?.(rt.addressOf(h))).toBe(0);
    expect(s.ageOf?.(rt.addressOf(h))).toBe(0);
    rt.collect(0);
    expect(s.generationOf?.(rt.addressOf(h))).toBe(0);
    expect(s.ageOf?.(rt.addressOf(h))).toBe(1);
    rt.collect(1);
    expect(s.generationOf?.(rt.addressOf(h))).toBe(1);
  });

  it("gencopy and clr: a survivor of a young collection is in an older generation", () => {
    for (const name of ["gencopy", "clr"]) {
      const { rt } = verifiedRuntime(smallStrategies[name]!);
      const h = held(rt, () => rt.newStr("survivor"));
      expect(rt.strategy.generationOf?.(rt.addressOf(h))).toBe(0);
      rt.collect(0);
      expect(rt.strategy.generationOf?.(rt.addressOf(h))).toBe(1);
    }
  });
});
