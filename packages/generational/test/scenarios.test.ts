import { type Handle, Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { createCPythonStrategy } from "../src/index";

/** A fresh heap as a CPython 3.11 script sees it after `gc.disable(); gc.collect()`. */
function make() {
  const s = createCPythonStrategy();
  const rt = new Runtime(s, { heapLimit: 256 << 20 });
  const gc = s.gc;
  gc.disable();
  gc.collect();
  const log: string[] = [];
  const A = rt.types.register({ name: "A", kind: "instance" });
  const named = (name: string, fin: (self: Handle) => void) =>
    rt.types.register({ name, kind: "instance", finalizer: fin });
  return { rt, gc, s, log, A, named };
}

const tag = (rt: Runtime, h: Handle) => rt.strValue(rt.getAttr(h, "name"));

describe("§7 scenarios: CPython 3.11.7's exact values", () => {
  it("S1: a self-referencing list: collect() → 1 then 0", () => {
    const { rt, gc } = make();
    rt.scope(() => {
      const a = rt.newList();
      rt.append(a, a);
    });
    rt.verify();
    expect([gc.collect(), gc.collect()]).toEqual([1, 0]);
    rt.verify();
  });

  it("S2: instance cycles count 2 (managed dicts are not objects); slots cycles 2", () => {
    const { rt, gc, A } = make();
    rt.scope(() => {
      const a = rt.newObject(A);
      const b = rt.newObject(A);
      rt.setAttr(a, "other", b);
      rt.setAttr(b, "other", a);
    });
    const S = rt.types.register({ name: "S", kind: "slots", slots: ["other"] });
    const r1 = gc.collect();
    rt.scope(() => {
      const a = rt.newObject(S);
      const b = rt.newObject(S);
      rt.setSlot(a, 0, b);
      rt.setSlot(b, 0, a);
    });
    expect([r1, gc.collect()]).toEqual([2, 2]);
    rt.verify();
  });

  it("S3: get_count deltas and generation counters", () => {
    const { rt, gc, A } = make();
    const r: unknown[] = [gc.getCount()];
    rt.scope(() => {
      const xs = rt.newList();
      const c0 = gc.getCount()[0];
      for (let i = 0; i < 100; i++) rt.scope(() => rt.append(xs, rt.newObject(A)));
      const c1 = gc.getCount()[0];
      rt.clear(xs);
      const c2 = gc.getCount()[0];
      r.push(c1 - c0, c2 - c1);
    });
    for (const g of [0, 0, 1, 2]) {
      gc.collect(g);
      r.push(gc.getCount());
    }
    expect(r).toEqual([[0, 0, 0], 100, -100, [0, 1, 0], [0, 2, 0], [0, 0, 1], [0, 0, 0]]);
  });

  it("S4: free lists bypass the count; a full collection clears them", () => {
    const { rt, gc } = make();
    const five = () => rt.scope(() => [0, 1, 2, 3, 4].map(() => rt.newList()));
    const k: number[] = [];
    k.push(gc.getCount()[0]);
    let hs = rt.scope(() => {
      const a = [0, 1, 2, 3, 4].map(() => rt.persistent(rt.newList()));
      return a;
    });
    k.push(gc.getCount()[0]);
    for (const h of hs) rt.release(h);
    k.push(gc.getCount()[0]);
    hs = [0, 1, 2, 3, 4].map(() => rt.scope(() => rt.persistent(rt.newList())));
    k.push(gc.getCount()[0]);
    for (const h of hs) rt.release(h);
    gc.collect(1);
    k.push(gc.getCount()[0]);
    five();
    k.push(gc.getCount()[0]);
    gc.collect(2);
    k.push(gc.getCount()[0]);
    hs = [0, 1, 2, 3, 4].map(() => rt.scope(() => rt.persistent(rt.newList())));
    k.push(gc.getCount()[0]);
    expect([k[1]! - k[0]!, k[2]! - k[1]!, k[3]! - k[2]!, k[5]! - k[4]!, k[7]! - k[6]!]).toEqual([
      5, 0, 0, 0, 5,
    ]);
    rt.verify();
  });

  it("S5: tuple untracking", () => {
    const { rt, gc } = make();
    rt.scope(() => {
      const r: unknown[] = [];
      const t = rt.newTuple([rt.newInt(1), rt.newInt(2), rt.newStr("x")]);
      r.push(gc.isTracked(rt.addressOf(t)));
      gc.collect(0);
      r.push(gc.isTracked(rt.addressOf(t)));
      const u = rt.newTuple([rt.newList(), rt.newInt(1)]);
      gc.collect();
      r.push(gc.isTracked(rt.addressOf(u)));
      const inner = rt.newTuple([rt.newInt(1), rt.newInt(2)]);
      const outer = rt.newTuple([inner, rt.newInt(3)]);
      r.push([gc.isTracked(rt.addressOf(inner)), gc.isTracked(rt.addressOf(outer))]);
      gc.collect(0);
      r.push([gc.isTracked(rt.addressOf(inner)), gc.isTracked(rt.addressOf(outer))]);
      r.push(gc.isTracked(rt.addressOf(rt.newTuple([]))));
      expect(r).toEqual([true, false, true, [true, true], [false, false], false]);
    });
    rt.verify();
  });

  it("S6: dict tracking and untracking", () => {
    const { rt, gc } = make();
    rt.scope(() => {
      const r: unknown[] = [];
      const tr = (h: Handle) => gc.isTracked(rt.addressOf(h));
      const d = rt.newDict();
      r.push(tr(d));
      rt.dictSet(d, rt.newStr("a"), rt.newInt(1));
      r.push(tr(d));
      rt.dictSet(d, rt.newStr("b"), rt.newList());
      r.push(tr(d));
      rt.dictSet(d, rt.newStr("b"), rt.newInt(2));
      r.push(tr(d));
      for (const g of [0, 1, 2]) {
        gc.collect(g);
        r.push(tr(d));
      }
      const t = rt.newTuple([rt.newInt(1), rt.newInt(2)]);
      const e = rt.newDict([[rt.newStr("k"), t]]);
      r.push([tr(t), tr(e)]);
      gc.collect(0);
      r.push([tr(t), tr(e)]);
      gc.collect();
      r.push([tr(t), tr(e)]);
      r.push([
        tr(rt.newDict([[rt.newStr("a"), rt.newInt(1)]])),
        tr(rt.newDict([[rt.newStr("a"), rt.newList()]])),
      ]);
      expect(r).toEqual([
        false,
        false,
        true,
        true,
        true,
        true,
        false,
        [true, true],
        [false, true],
        [false, false],
        [false, true],
      ]);
    });
    rt.verify();
  });

  it("S8 and S11: __del__ in a cycle runs in list order; a finalizer breaking its cycle counts 0", () => {
    const { rt, gc, log, named } = make();
    const D = named("D", (self) => log.push(tag(rt, self)));
    const mk = (T: typeof D) =>
      rt.scope(() => {
        const a = rt.newObject(T);
        const b = rt.newObject(T);
        rt.setAttr(a, "name", rt.newStr("a"));
        rt.setAttr(b, "name", rt.newStr("b"));
        rt.setAttr(a, "other", b);
        rt.setAttr(b, "other", a);
      });
    mk(D);
    expect([gc.collect(), log]).toEqual([2, ["a", "b"]]);
    log.length = 0;
    const D2 = named("D2", (self) => {
      log.push(tag(rt, self));
      rt.setAttr(self, "other", 0);
    });
    mk(D2);
    expect([gc.collect(), log]).toEqual([0, ["a", "b"]]);
    rt.verify();
  });

  it("S9 and S10: resurrection keeps the object (and what it reaches); __del__ runs once", () => {
    const { rt, gc, log, named } = make();
    const saved = rt.scope(() => rt.persistent(rt.newList()));
    const R = named("R", (self) => {
      log.push(tag(rt, self));
      if (tag(rt, self) === "a") rt.append(saved, self);
    });
    rt.scope(() => {
      const a = rt.newObject(R);
      const b = rt.newObject(R);
      rt.setAttr(a, "name", rt.newStr("a"));
      rt.setAttr(b, "name", rt.newStr("b"));
      rt.setAttr(a, "other", b);
      rt.setAttr(b, "other", a);
    });
    const n1 = gc.collect();
    const fin = rt.scope(() => {
      const s0 = rt.getItem(saved, 0);
      return [gc.isFinalized(rt.addressOf(s0)), gc.isFinalized(rt.addressOf(rt.getAttr(s0, "other")))];
    });
    rt.clear(saved);
    expect([n1, fin, gc.collect(), log]).toEqual([0, [true, true], 2, ["a", "b"]]);
    rt.verify();
  });

  it("S12 GC path: the callback runs before __del__; S13: a weakref inside the trash never fires", () => {
    const { rt, gc, log, named } = make();
    const W = named("W", (self) => log.push(`__del__ ${tag(rt, self)}`));
    const r = rt.scope(() => {
      const a = rt.newObject(W);
      rt.setAttr(a, "name", rt.newStr("a"));
      rt.setAttr(a, "self", a);
      return rt.persistent(rt.newWeakref(a, (wr) => log.push(`callback, alive=${rt.isAlive(wr)}`)));
    });
    expect([gc.collect(), log]).toEqual([1, ["callback, alive=false", "__del__ a"]]);
    rt.release(r);
    log.length = 0;
    const N = rt.types.register({ name: "N", kind: "instance" });
    rt.scope(() => {
      const a = rt.newObject(N);
      const b = rt.newObject(N);
      rt.setAttr(a, "b", b);
      rt.setAttr(b, "a", a);
      rt.setAttr(
        a,
        "wr",
        rt.newWeakref(b, () => log.push("cb")),
      );
    });
    // CPython counts 4 (a, b, the weakref and the lambda); heaplab's callbacks live outside the heap.
    expect([gc.collect(), log]).toEqual([3, []]);
    rt.verify();
  });

  it("S14: a reachable weakref freed right after its callback counts as collected", () => {
    const { rt, gc } = make();
    const N = rt.types.register({ name: "N", kind: "instance" });
    const holder = rt.scope(() => rt.persistent(rt.newList()));
    rt.scope(() => {
      const n = rt.newObject(N);
      rt.setAttr(n, "me", n);
      rt.append(
        holder,
        rt.newWeakref(n, () => rt.clear(holder)),
      );
    });
    expect([gc.collect(), rt.len(holder)]).toEqual([2, 0]);
    rt.verify();
  });

  it("S15: callbacks run newest first on both paths", () => {
    const { rt, gc, log } = make();
    const K = rt.types.register({ name: "K", kind: "instance" });
    const refs = rt.scope(() => rt.persistent(rt.newList()));
    rt.scope(() => {
      const k = rt.newObject(K);
      for (let i = 0; i < 4; i++)
        rt.append(
          refs,
          rt.newWeakref(k, () => log.push(String(i))),
        );
    });
    const out1 = log.splice(0);
    rt.clear(refs);
    rt.scope(() => {
      const k = rt.newObject(K);
      rt.setAttr(k, "me", k);
      for (let i = 0; i < 4; i++)
        rt.append(
          refs,
          rt.newWeakref(k, () => log.push(String(i))),
        );
    });
    gc.collect();
    expect([out1, log]).toEqual([
      ["3", "2", "1", "0"],
      ["3", "2", "1", "0"],
    ]);
    rt.verify();
  });

  it("S17: DEBUG_SAVEALL keeps the garbage; emptied, it is trash again", () => {
    const { rt, gc, A } = make();
    gc.setDebug(32);
    rt.scope(() => {
      const a = rt.newList();
      rt.append(a, a);
      const x = rt.newObject(A);
      const y = rt.newObject(A);
      rt.setAttr(x, "y", y);
      rt.setAttr(y, "x", x);
    });
    const n1 = gc.collect();
    const names = gc.garbage.map((o) => rt.model.typeOf(o).name).sort();
    rt.verify();
    gc.setDebug(0);
    gc.clearGarbage();
    expect([n1, names, gc.collect()]).toEqual([3, ["A", "A", "list"], 3]);
    rt.verify();
  });

  it("S18: freeze hides objects from collection until unfreeze", () => {
    const { rt, gc } = make();
    const a = rt.scope(() => {
      const l = rt.persistent(rt.newList());
      rt.append(l, l);
      return l;
    });
    gc.freeze();
    const c = gc.getCount();
    const frozen = gc.getFreezeCount() > 0;
    rt.release(a);
    const n1 = gc.collect();
    gc.unfreeze();
    expect([c, frozen, n1, gc.getFreezeCount(), gc.collect()]).toEqual([[0, 0, 0], true, 0, 0, 1]);
    rt.verify();
  });

  it("S19: promotion through generations, and CPython's argument errors", () => {
    const { rt, gc } = make();
    rt.scope(() => {
      const r: unknown[] = [];
      const a = rt.addressOf(rt.newList());
      r.push(gc.getObjects(0).includes(a));
      gc.collect(0);
      r.push(gc.getObjects(1).includes(a));
      gc.collect(1);
      r.push(gc.getObjects(2).includes(a));
      const e = rt.scope(() => rt.persistent(rt.newList()));
      rt.append(e, e);
      gc.collect(1);
      rt.release(e);
      r.push(gc.collect(0), gc.collect(1), gc.collect(2));
      for (const bad of [() => gc.collect(3), () => gc.getObjects(3), () => gc.getObjects(-2)]) {
        try {
          bad();
        } catch (ex) {
          r.push((ex as Error).message);
        }
      }
      expect(r).toEqual([
        true,
        true,
        true,
        0,
        0,
        1,
        "invalid generation",
        "generation parameter must be less than the number of available generations (3)",
        "generation parameter cannot be negative",
      ]);
    });
  });

  it("S20 and S21: get_stats deltas, callbacks, DEBUG_STATS lines", () => {
    const { rt, gc } = make();
    const events: unknown[] = [];
    gc.callbacks.push((phase, info) => events.push([phase, { ...info }]));
    const s0 = gc.getStats();
    const cyc = () =>
      rt.scope(() => {
        const a = rt.newList();
        rt.append(a, a);
      });
    cyc();
    gc.collect(0);
    gc.collect(0);
    gc.collect(1);
    cyc();
    gc.collect(2);
    const s1 = gc.getStats();
    gc.callbacks.length = 0;
    expect(
      s1.map((s, i) => ({
        collections: s.collections - s0[i]!.collections,
        collected: s.collected - s0[i]!.collected,
        uncollectable: s.uncollectable - s0[i]!.uncollectable,
      })),
    ).toEqual([
      { collections: 2, collected: 1, uncollectable: 0 },
      { collections: 1, collected: 0, uncollectable: 0 },
      { collections: 1, collected: 1, uncollectable: 0 },
    ]);
    expect([events[0], events[1], events.at(-1)]).toEqual([
      ["start", { generation: 0, collected: 0, uncollectable: 0 }],
      ["stop", { generation: 0, collected: 1, uncollectable: 0 }],
      ["stop", { generation: 2, collected: 1, uncollectable: 0 }],
    ]);
    const lines: string[] = [];
    rt.events.on((e) => e.type === "log" && lines.push(e.text));
    cyc();
    gc.setDebug(1 | 2);
    gc.collect();
    gc.setDebug(0);
    expect(lines[0]).toBe("gc: collecting generation 2...");
    expect(lines[1]).toMatch(/^gc: objects in each generation: 1 0 \d+$/);
    expect(lines[2]).toBe("gc: objects in permanent generation: 0");
    expect(lines[3]).toMatch(/^gc: collectable <list 0x[0-9a-f]+>$/);
    expect(lines[4]).toMatch(/^gc: done, 1 unreachable, 0 uncollectable, \d+\.\d{4}s elapsed$/);
  });

  it("S22 and S23: when automatic collections fire, and the 25% rule", () => {
    const { rt, gc, A } = make();
    const events: [string, number, number[]][] = [];
    gc.callbacks.push((phase, info) => events.push([phase, info.generation, gc.getCount()]));
    gc.setThreshold(100, 10, 10);
    const keep = rt.scope(() => rt.persistent(rt.newList()));
    // CPython's count stood at 13 here (its loop's own objects); start from the same count.
    const pad = rt.scope(() => rt.persistent(rt.newList()));
    while (gc.getCount()[0] < 13) rt.scope(() => rt.append(pad, rt.newList()));
    let first = 0;
    gc.enable();
    for (let i = 1; i <= 1000; i++) {
      rt.scope(() => rt.append(keep, rt.newObject(A)));
      if (first === 0 && events.length > 0) first = i;
    }
    gc.disable();
    expect(first).toBe(88);
    expect(events.slice(0, 2)).toEqual([
      ["start", 0, [101, 0, 0]],
      ["stop", 0, [0, 1, 0]],
    ]);
    expect(events.filter((e) => e[0] === "start").map((e) => e[1])).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // S23's second run: after freeze + collect, gen 2 is tiny, so full collections happen.
    const gens: number[] = [];
    gc.callbacks.length = 0;
    gc.callbacks.push((phase, info) => phase === "start" && gens.push(info.generation));
    gc.setThreshold(10, 2, 2);
    gc.freeze();
    gc.collect();
    gens.length = 0;
    gc.enable();
    for (let i = 0; i < 400; i++) rt.scope(() => rt.append(keep, rt.newObject(A)));
    gc.disable();
    expect(gens.slice(0, 13)).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 2]);
    rt.verify();
  });

  it("A3: a plain weakref to a cycle member is dead when the cycle's __del__ runs", () => {
    const { rt, gc, log, named } = make();
    let wr: Handle = 0;
    const D = named("D", () => log.push(`plain alive in __del__: ${rt.isAlive(wr)}`));
    const N = rt.types.register({ name: "N", kind: "instance" });
    const cbRef = rt.scope(() => {
      const a = rt.newObject(N);
      const d = rt.newObject(D);
      rt.setAttr(a, "d", d);
      rt.setAttr(d, "a", a);
      wr = rt.persistent(rt.newWeakref(a));
      return rt.persistent(rt.newWeakref(a, (r) => log.push(`callback, dead: ${!rt.isAlive(r)}`)));
    });
    expect([gc.collect(), log, rt.isAlive(wr)]).toEqual([
      2,
      ["callback, dead: true", "plain alive in __del__: false"],
      false,
    ]);
    void cbRef;
    rt.verify();
  });

  it("A4 under cpython-3.11: 1,000,000-long chains of lists and of tuples free with no stack overflow", () => {
    const { rt, gc } = make();
    const before = rt.stats().liveObjects;
    const l = rt.scope(() => rt.persistent(rt.newList()));
    for (let i = 0; i < 1_000_000; i++) rt.scope(() => rt.assign(l, rt.newList([l])));
    rt.release(l);
    expect(gc.getObjects().length).toBe(0);
    const t = rt.scope(() => rt.persistent(rt.newTuple([])));
    for (let i = 0; i < 1_000_000; i++) rt.scope(() => rt.assign(t, rt.newTuple([t])));
    rt.release(t);
    expect(gc.getObjects().length).toBe(0);
    expect(rt.stats().liveObjects).toBe(before);
    rt.verify();
  });
});
