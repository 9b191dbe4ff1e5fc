import { Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { catalog } from "../src/catalog";
import { SMALL_HEAP_SETTINGS } from "../src/engine/small-heap";
import { tracingSteps } from "../src/lab/tracing-steps";
import { captureTracingCollections, type TracingSnapshot } from "../src/record/tracing-snapshot";

/** What the heap held right after one captured collection ended, read at its gc-end. */
interface After {
  snap: TracingSnapshot;
  /** Block address → type name of every object alive at the collection's end. */
  alive: Map<number, string>;
  collected: number;
  promotedBytes: number;
}

/**
 * A small program with survivors (a kept list of small lists), garbage (cycles nobody refers to) and
 * collections of every generation; each captured collection is checked against the heap at its end.
 */
function run(strategy: string): After[] {
  const rt = new Runtime(
    catalog
      .get(strategy)
      .create({ heapLimit: 64 << 20, settings: { ...(SMALL_HEAP_SETTINGS[strategy] ?? {}) } }),
    { heapLimit: 64 << 20 },
  );
  const snaps = captureTracingCollections(rt, () => 0);
  const after: After[] = [];
  // Registered after the capture's own listener, so the snapshot is complete when this runs.
  rt.events.on((e) => {
    if (e.type !== "gc-end") return;
    const snap = snaps.list.at(-1);
    if (snap === undefined || snap.collected !== e.collected || after.some((a) => a.snap === snap)) return;
    const alive = new Map<number, string>();
    rt.strategy.forEachObject((o) => {
      const t = rt.model.typeOf(o);
      alive.set(o - rt.strategy.prefixBytes(t), t.name);
    });
    after.push({ snap, alive, collected: e.collected, promotedBytes: e.promotedBytes });
  });
  const keep = rt.persistent(rt.newList());
  const oldest = rt.strategy.constraints.generations - 1;
  for (let round = 0; round < 4; round++) {
    rt.scope(() => {
      // Garbage between survivors, so a sliding collector has something to slide.
      for (let i = 0; i < 20; i++) {
        const a = rt.newList();
        const b = rt.newList([a]);
        rt.append(a, b);
        rt.append(keep, rt.newList([rt.newStr(`r${round}i${i}`)]));
      }
    });
    rt.collect(round % 2 === 0 ? 0 : oldest);
  }
  snaps.stop();
  return after;
}

describe("a tracing collection step by step, against what the strategy did", () => {
  for (const strategy of ["semispace", "jvm-serial", "mark-compact", "clr", "gencopy"]) {
    it(`${strategy}: the survivors are the objects alive after it, each at its forwarding address`, () => {
      const after = run(strategy);
      expect(after.length).toBeGreaterThanOrEqual(4);
      const phasesSeen = new Set<string>();
      for (const { snap, alive, collected } of after) {
        const st = tracingSteps(snap);
        for (const p of st.phases) phasesSeen.add(p);
        const survivors = new Map<number, string>();
        for (let i = 0; i < snap.addrs.length; i++) {
          if (st.dead[i]) continue;
          const block = snap.newAddrs[i]!;
          expect(survivors.has(block), `two survivors forwarded to ${block}`).toBe(false);
          survivors.set(block, snap.typeNames[i]!);
        }
        // Same objects, same types, at the forwarding addresses: nothing more, nothing less.
        expect(survivors).toEqual(alive);
        // What the collector itself counted as dead.
        expect(st.counts.dead).toBe(collected);
        // The trace reached every survivor the collection could have found dead.
        for (let i = 0; i < snap.addrs.length; i++)
          if (st.condemned[i] && !st.dead[i]) expect(st.reachedAt[i]).toBeGreaterThanOrEqual(0);
      }
      console.log(`${strategy}: phases seen ${[...phasesSeen].join(", ")} over ${after.length} collections`);
      expect(phasesSeen.has("reclaim")).toBe(true);
      if (strategy === "mark-compact") expect(phasesSeen.has("compact")).toBe(true);
      if (strategy === "semispace") expect(phasesSeen.has("copy")).toBe(true);
      if (strategy === "jvm-serial" || strategy === "gencopy") {
        expect(phasesSeen.has("copy")).toBe(true);
        expect(phasesSeen.has("promote")).toBe(true);
      }
    });
  }

  it("gives nothing under cpython-3.11 (its collections are shown through gc.callbacks)", () => {
    const rt = new Runtime(catalog.get("cpython-3.11").create({ heapLimit: 64 << 20 }), {
      heapLimit: 64 << 20,
    });
    const snaps = captureTracingCollections(rt, () => 0);
    rt.collect(2);
    expect(snaps.list).toEqual([]);
  });
});
