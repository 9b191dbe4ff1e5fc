import { HeapCorruptionError, HeaplabError, MemoryError, Runtime } from "@heaplab/runtime";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FREE } from "../src/header";
import { type ClrPlan, createClr, createMarkCompact, createMarkSweep, createSemiSpace } from "../src/index";
import { GenerationBudget, growthFactor } from "../src/plans/clr/budget";
import { staticData } from "../src/plans/clr/constraints";
import type { BumpSpace } from "../src/spaces/bump-space";
import { held, verifiedRuntime } from "./helpers";

type Settings = Record<string, number>;

function clr(settings: Settings = {}) {
  const plan = createClr({ settings: { GCgen0size: 1 << 16, GCRegionSize: 1 << 16, ...settings } });
  const { rt } = verifiedRuntime(() => plan);
  const logs: string[] = [];
  const ends: { generation: number; seq: number }[] = [];
  rt.events.on((e) => {
    if (e.type === "log") logs.push(e.text);
    if (e.type === "gc-end") ends.push({ generation: e.generation, seq: e.seq });
  });
  return { plan: plan as ClrPlan, rt, logs, ends };
}

describe("clr", () => {
  it("counts a collection of gen N for every generation up to N, as GC.CollectionCount does", () => {
    const { plan, rt, ends } = clr();
    const keep = held(rt, () => rt.newList());
    for (let i = 0; i < 30000; i++)
      rt.scope(() => {
        const t = rt.newTuple([rt.newInt(i), rt.newStr("x")]);
        if (i % 3 === 0) rt.append(keep, t); // a third survives: gen1 and gen2 budgets fill by promotion
      });
    rt.collect(1);
    rt.collect(2);
    rt.collect(0);
    const byGen = [0, 1, 2].map((g) => ends.filter((e) => e.generation === g).length);
    expect(byGen[0]).toBeGreaterThan(3);
    expect(byGen[1]).toBeGreaterThan(0);
    expect(byGen[2]).toBeGreaterThan(0);
    for (let g = 0; g < 3; g++)
      expect(plan.collectionCount(g)).toBe(ends.filter((e) => e.generation >= g).length);
    expect(rt.stats().collections).toEqual([0, 1, 2].map((g) => plan.collectionCount(g)));
    rt.scope(() => expect(rt.intValue(rt.getItem(rt.getItem(keep, 9999), 0))).toBe(29997));
  });

  it("logs GCStart_V2, GCHeapStats_V2 and GCEnd_V1 for every collection, numbered like the gc-start stream", () => {
    const { rt, logs, ends } = clr();
    const starts: { generation: number }[] = [];
    rt.events.on((e) => {
      if (e.type === "gc-start") starts.push({ generation: e.generation });
    });
    for (let i = 0; i < 8000; i++)
      rt.scope(() => {
        rt.newTuple([rt.newInt(i), rt.newStr("garbage")]);
      });
    rt.collect(2);
    const gcStarts = logs.filter((l) => l.startsWith("GCStart_V2"));
    const gcEnds = logs.filter((l) => l.startsWith("GCEnd_V1"));
    const stats = logs.filter((l) => l.startsWith("GCHeapStats_V2"));
    expect(gcStarts.length).toBe(starts.length);
    expect(gcEnds.length).toBe(ends.length);
    expect(stats.length).toBe(ends.length);
    gcStarts.forEach((l, i) => {
      expect(l).toMatch(/^GCStart_V2 Count=(\d+) Depth=([012]) Reason=(\d) Type=0$/);
      expect(l).toContain(`Count=${i + 1} Depth=${starts[i]!.generation} `);
    });
    expect(gcStarts[0]).toContain("Reason=0"); // allocation on the small object heap
    expect(gcStarts.at(-1)).toContain("Depth=2 Reason=1"); // induced
    for (const l of stats)
      expect(l).toMatch(
        /^GCHeapStats_V2 GenerationSize0=\d+ TotalPromotedSize0=\d+ GenerationSize1=\d+ TotalPromotedSize1=\d+ GenerationSize2=\d+ TotalPromotedSize2=\d+ GenerationSize3=\d+ TotalPromotedSize3=\d+ FinalizationPromotedSize=\d+ FinalizationPromotedCount=\d+ PinnedObjectCount=\d+ SinkBlockCount=0 GCHandleCount=\d+ GenerationSize4=0 TotalPromotedSize4=0$/,
      );
    const ticks = logs.filter((l) => l.startsWith("GCAllocationTick_V4"));
    expect(ticks.length).toBeGreaterThan(3);
    for (const l of ticks) {
      const amount = Number(/AllocationAmount=(\d+)/.exec(l)![1]);
      expect(amount).toBeGreaterThanOrEqual(100_000);
      expect(l).toMatch(/AllocationKind=0 TypeName=\w+ ObjectSize=\d+$/);
    }
  });

  it("puts objects of 85,000 bytes and more in the LOH (gen2), sweeps it without moving, compacts it once on request", () => {
    const { plan, rt, logs } = clr();
    const small = held(rt, () => rt.newBytes(80_000));
    const a = held(rt, () => rt.newBytes(90_000));
    const b = held(rt, () => rt.newBytes(90_000));
    expect(plan.generationOf(rt.addressOf(a))).toBe(2);
    expect(plan.generationOf(rt.addressOf(small))).toBe(0);
    expect(rt.sizeOf(a)).toBeGreaterThanOrEqual(85_000);
    const bAt = rt.addressOf(b);
    rt.release(a);
    rt.collect(2);
    expect(rt.addressOf(b)).toBe(bAt); // swept: the survivor stays, a's block is free
    expect(plan.gcMemoryInfo().fragmentedBytes).toBeGreaterThanOrEqual(90_000);
    // The hole is reused first fit.
    const c = held(rt, () => rt.newBytes(85_000));
    expect(rt.addressOf(c)).toBeLessThan(bAt);
    rt.release(c);
    plan.largeObjectHeapCompactionMode = "CompactOnce";
    rt.collect(2);
    expect(rt.addressOf(b)).toBeLessThan(bAt); // slid down over the dead ones
    expect(plan.largeObjectHeapCompactionMode).toBe("Default");
    expect(logs.some((l) => /^GCLOHCompact Count=\d+ MovedBytes=[1-9]\d*$/.test(l))).toBe(true);
    const b2 = rt.addressOf(b);
    rt.collect(2);
    expect(rt.addressOf(b)).toBe(b2); // only once
    rt.scope(() => expect(rt.len(b)).toBe(90_000));
  });

  it("never moves a pinned object; its region is demoted (stays in gen0) while other survivors are promoted", () => {
    const { plan, rt, logs } = clr({ gcForceCompact: 1 });
    rt.scope(() => {
      rt.newTuple([rt.newStr("dead before the pin")]);
    });
    const pinned = held(rt, () => rt.newStr("pinned"));
    rt.scope(() => {
      rt.newTuple([rt.newStr("dead before the control")]);
    });
    const control = held(rt, () => rt.newStr("control"));
    const other = held(rt, () => rt.newList());
    rt.pin(pinned);
    const at = rt.addressOf(pinned);
    const controlAt = rt.addressOf(control);
    for (let r = 0; r < 3; r++) {
      for (let i = 0; i < 3000; i++)
        rt.scope(() => {
          rt.newTuple([rt.newInt(i), rt.newStr("garbage")]);
        });
      rt.scope(() => rt.append(other, rt.newInt(r + 1000)));
      rt.collect(0);
      expect(rt.addressOf(pinned)).toBe(at);
      expect(plan.generationOf(at)).toBe(0);
    }
    expect(rt.addressOf(control)).not.toBe(controlAt); // the same compaction moved an unpinned neighbour
    expect(plan.gcMemoryInfo().demotedRegions).toBeGreaterThan(0);
    expect(plan.gcMemoryInfo().pinnedObjectsCount).toBe(1);
    expect(logs.some((l) => l.startsWith(`PinObjectAtGCTime ObjectID=0x${at.toString(16)} `))).toBe(true);
    rt.unpin(pinned);
    rt.collect(0);
    expect(plan.generationOf(rt.addressOf(pinned))).toBe(1);
    rt.scope(() => expect(rt.strValue(pinned)).toBe("pinned"));
  });

  it("without demotion a pinned object is promoted in place", () => {
    const { plan, rt } = clr({ gcForceCompact: 1, demotion: 0 });
    const pinned = held(rt, () => rt.newStr("p"));
    rt.pin(pinned);
    const at = rt.addressOf(pinned);
    for (let i = 0; i < 3000; i++)
      rt.scope(() => {
        rt.newTuple([rt.newInt(i)]);
      });
    rt.collect(0);
    expect(rt.addressOf(pinned)).toBe(at);
    expect(plan.generationOf(at)).toBe(1);
  });

  it("compacts a generation whose sweep would leave ≥ 40,000 bytes and ≥ 50% fragmented, sweeps one that is mostly live", () => {
    const { plan, rt } = clr({ GCgen0size: 1 << 20 });
    for (let i = 0; i < 3000; i++)
      rt.scope(() => {
        rt.newTuple([rt.newInt(i), rt.newStr("garbage")]);
      });
    rt.collect(0);
    expect(plan.gcMemoryInfo().compacted).toBe(true); // almost all dead
    const keep = held(rt, () => rt.newList());
    for (let i = 0; i < 3000; i++) rt.scope(() => rt.append(keep, rt.newTuple([rt.newInt(i)])));
    rt.collect(0);
    expect(plan.gcMemoryInfo().compacted).toBe(false); // the dead are under 50%: swept in place
    rt.scope(() => expect(rt.intValue(rt.getItem(rt.getItem(keep, 2999), 0))).toBe(2999));
  });

  it("finds a young object from a gen2 object through its card, and the verifier fails when the card is cleared", () => {
    const { plan, rt } = clr();
    const old = held(rt, () => rt.newList());
    rt.collect(2);
    rt.collect(2);
    expect(plan.generationOf(rt.addressOf(old))).toBe(2);
    rt.scope(() => rt.append(old, rt.newStr("young")));
    for (let i = 0; i < 3000; i++)
      rt.scope(() => {
        rt.newTuple([rt.newInt(i)]);
      });
    rt.collect(0);
    rt.scope(() => expect(rt.strValue(rt.getItem(old, 0))).toBe("young"));
    rt.scope(() => rt.append(old, rt.newStr("younger")));
    const cards = (plan as unknown as { cards: { bytes: Uint8Array } }).cards;
    cards.bytes[rt.addressOf(old) >>> 11] = 0xff; // corrupt: lose the barrier's card
    expect(() => rt.strategy.verify()).toThrow(HeapCorruptionError);
    expect(() => rt.strategy.verify()).toThrow(/card is clear/);
  });

  it("grows a generation's budget with its survival rate, between its minimum and maximum", () => {
    const low = clr({ GCgen0size: 1 << 16 });
    const high = clr({ GCgen0size: 1 << 16 });
    const keep = held(high.rt, () => high.rt.newList());
    for (let i = 0; i < 20000; i++) {
      low.rt.scope(() => {
        low.rt.newTuple([low.rt.newInt(i)]);
      });
      high.rt.scope(() => high.rt.append(keep, high.rt.newTuple([high.rt.newInt(i)])));
    }
    const l = low.plan.budgets[0]!;
    const h = high.plan.budgets[0]!;
    expect(l.desired).toBe(1 << 16); // nothing survives: the minimum
    expect(h.survivalRate).toBeGreaterThan(0.5);
    expect(h.desired).toBeGreaterThan(l.desired);
    expect(h.desired).toBeLessThanOrEqual(h.sd.maxSize);
  });

  it("computes desired_new_allocation's growth factor as documented: limit at no survival, rising to max_limit", () => {
    const [g0, g1, g2] = staticData(1 << 20, 64 << 20, 64 << 20);
    for (const sd of [g0!, g1!, g2!]) {
      expect(growthFactor(0, sd)).toBe(sd.limit);
      expect(growthFactor(1, sd)).toBe(sd.maxLimit);
      fc.assert(
        fc.property(
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (a, b) => {
            const [x, y] = a <= b ? [a, b] : [b, a];
            expect(growthFactor(x, sd)).toBeLessThanOrEqual(growthFactor(y, sd) + 1e-9);
            expect(growthFactor(x, sd)).toBeLessThanOrEqual(sd.maxLimit + 1e-9);
          },
        ),
        { numRuns: 200 },
      );
    }
    // gen2 sizes its budget from its size after the GC: target = f x size, budget = target - size.
    const b = new GenerationBudget(g2!, true);
    b.recompute(10 << 20, 10 << 20, 10 << 20); // everything survived: f = max_limit 1.8
    expect(b.desired).toBe(Math.floor(1.8 * (10 << 20) - (10 << 20)));
  });

  it("honours pins in every plan that can move objects, and refuses them where it cannot", () => {
    for (const make of [
      () => createMarkCompact({ settings: { "region-bytes": 1 << 16 } }),
      () => createMarkSweep({}),
    ]) {
      const { rt } = verifiedRuntime(make);
      rt.scope(() => {
        rt.newTuple([rt.newStr("dead before the pin")]);
      });
      const h = held(rt, () => rt.newStr("pinned"));
      rt.pin(h);
      const at = rt.addressOf(h);
      for (let i = 0; i < 3000; i++)
        rt.scope(() => {
          rt.newTuple([rt.newInt(i)]);
        });
      rt.collect();
      expect(rt.addressOf(h)).toBe(at);
    }
    const { rt } = verifiedRuntime(() => createSemiSpace({}));
    const h = held(rt, () => rt.newStr("x"));
    expect(() => rt.pin(h)).toThrow(HeaplabError);
    expect(() => rt.pin(h)).toThrow(/cannot pin/);
  });

  it("reports as fragmentation exactly the bytes of free blocks, through LOH first-fit reuse and collections", () => {
    const plan = createClr({
      settings: { GCgen0size: 1 << 16, GCRegionSize: 1 << 16, GCLOHThreshold: 4096 },
    });
    const { rt } = verifiedRuntime(() => plan);
    // The oracle: walk every generation and the LOH, summing the free blocks.
    const spaces = plan as unknown as { gens: BumpSpace[]; loh: BumpSpace };
    const walkedFreeBytes = () => {
      let sum = 0;
      const u32 = rt.memory.u32;
      for (const s of [...spaces.gens, spaces.loh])
        s.forEachBlock((o) => {
          if ((u32[(o - 4) >>> 2]! & FREE) !== 0) sum += u32[(o - 8) >>> 2]!;
        }, u32);
      return sum;
    };
    const keep = held(rt, () => rt.newList());
    let reused = 0;
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < 30; i++)
        rt.scope(() => {
          const big = rt.newBytes(5000 + 700 * ((i * 7 + round) % 11));
          if (i % 3 === 0) rt.append(keep, big);
          for (let k = 0; k < 20; k++) void rt.newTuple([rt.newInt(k)]);
        });
      const before = rt.stats().fragmentation;
      expect(before).toBe(walkedFreeBytes());
      rt.scope(() => void rt.newBytes(4500));
      if (rt.stats().fragmentation < before) reused++;
      expect(rt.stats().fragmentation).toBe(walkedFreeBytes());
      if (round % 3 === 2) rt.collect(2);
      expect(rt.stats().fragmentation).toBe(walkedFreeBytes());
    }
    // The case the count must follow between collections happened: a large object took a free block.
    expect(reused).toBeGreaterThan(0);
  });
});

describe("clr after a real heap-limit MemoryError", () => {
  it("collects again: the failed collection does not leave the plan 'in a collection'", () => {
    // Issue 16: the region a collection could not map threw out of it with the in-collection flag set,
    // and every later allocation failed with "'clr' was asked to collect during a collection".
    const limit = 8 << 20;
    const rt = new Runtime(createClr({ settings: { GCRegionSize: 1 << 16 }, heapLimit: limit }), {
      heapLimit: limit,
    });
    const keep = held(rt, () => rt.newList());
    let failed: unknown = null;
    while (failed === null) {
      try {
        rt.scope(() => rt.append(keep, rt.newBytes(1000)));
      } catch (e) {
        failed = e;
      }
    }
    expect(failed).toBeInstanceOf(MemoryError);
    rt.verify();
    rt.scope(() => rt.clear(keep));
    for (let i = 0; i < 5000; i++)
      rt.scope(() => {
        rt.newBytes(1000);
      });
    rt.verify();
  });
});
