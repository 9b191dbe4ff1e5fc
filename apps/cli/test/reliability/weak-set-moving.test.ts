import { type Handle, HeapWeakSet, Runtime, WeakKeyDictionary } from "@heaplab/runtime";
import { createWorkloadContext, getWorkload } from "@heaplab/workloads";
import { describe, expect, it } from "vitest";
import { catalog } from "../../src/catalog";

/**
 * The weak containers live in @heaplab/runtime and run under every strategy, moving ones included: a
 * weak reference keeps the hash it was first given, so the dict holding it finds it after a moving
 * collection (before, moving strategies refused weak references as dict keys outright). Objects hashed
 * by address are refused by sets under moving strategies, as by dicts (a set lost them after a move).
 */
const LIMIT = 64 << 20;
const make = (name: string) =>
  new Runtime(catalog.get(name).create({ heapLimit: LIMIT }), { heapLimit: LIMIT });

describe.each(catalog.names())("weak containers under %s", (name) => {
  it("a WeakSet finds its items across collections and forgets them when they die", () => {
    const rt = make(name);
    const Item = rt.types.register({ name: "Item", kind: "slots", slots: ["v"], weakrefable: true });
    const ws = new HeapWeakSet(rt);
    const kept: Handle[] = [];
    rt.scope(() => {
      for (let i = 0; i < 50; i++) {
        const it = rt.newObject(Item, [rt.newInt(i)]);
        ws.add(it);
        if (i % 2 === 0) kept.push(rt.persistent(it));
      }
    });
    // Churn, so moving strategies move the survivors, then collect everything.
    rt.scope(() => {
      for (let i = 0; i < 2000; i++) rt.newList([rt.newInt(i)]);
    });
    rt.collect();
    rt.runPendingFinalizers();
    rt.verify();
    for (const h of kept) expect(ws.has(h)).toBe(true);
    if (name !== "none") expect(ws.len()).toBe(25);
    ws.add(kept[0]!); // already there: no second entry
    if (name !== "none") expect(ws.len()).toBe(25);
    ws.discard(kept[0]!);
    expect(ws.has(kept[0]!)).toBe(false);
    rt.verify();
  });

  it("a WeakKeyDictionary keeps its values for live keys across a moving collection", () => {
    const rt = make(name);
    const Key = rt.types.register({ name: "Key", kind: "slots", slots: [], weakrefable: true });
    const wkd = new WeakKeyDictionary(rt);
    const key = rt.persistent(rt.scope(() => rt.newObject(Key)));
    rt.scope(() => wkd.set(key, rt.newStr("value")));
    rt.scope(() => {
      for (let i = 0; i < 2000; i++) rt.newList([rt.newInt(i)]);
    });
    rt.collect();
    rt.verify();
    expect(rt.scope(() => rt.strValue(wkd.get(key)))).toBe("value");
  });

  it("a set takes objects hashed by address only where objects never move (they were lost after a move)", () => {
    const rt = make(name);
    const T = rt.types.register({ name: "T", kind: "slots", slots: [] });
    const s = rt.persistent(rt.newSet());
    const objs: Handle[] = [];
    const moves = rt.strategy.constraints.movesObjects;
    rt.scope(() => {
      for (let i = 0; i < 50; i++) {
        const o = rt.newObject(T);
        objs.push(rt.persistent(o));
        if (moves) {
          expect(() => rt.add(s, o)).toThrow(/'T' objects hash by address/);
          expect(() => rt.newSet([o])).toThrow(/'T' objects hash by address/);
        } else rt.add(s, o);
      }
      for (let i = 0; i < 2000; i++) rt.newList([rt.newInt(i)]);
    });
    rt.collect();
    rt.verify();
    for (const o of objs) expect(rt.contains(s, o)).toBe(!moves);
  });

  it("the fixed class-attribute leak runs on its WeakSet and leaves no Session reachable", () => {
    const rt = make(name);
    const w = getWorkload("leak-class-attribute-fixed");
    w.run(rt, { ...w.params, iterations: 300 }, createWorkloadContext(rt, { seed: 1 }));
    rt.collect();
    rt.runPendingFinalizers();
    rt.verify();
  });
});
