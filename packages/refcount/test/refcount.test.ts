import { type Handle, Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { createRefcountStrategy, getrefcount } from "../src/index";

function make() {
  const rt = new Runtime(createRefcountStrategy(), { heapLimit: 256 << 20 });
  const log: string[] = [];
  const Fin = rt.types.register({
    name: "Fin",
    kind: "slots",
    slots: ["a", "b", "c", "d", "tag"],
    weakrefable: true,
    finalizer: (self) => log.push(`del:${rt.strValue(rt.getAttr(self, "tag"))}`),
  });
  const Node = rt.types.register({
    name: "Node",
    kind: "slots",
    slots: ["a", "b", "c", "d"],
    weakrefable: true,
  });
  const fin = (tag: string, ...vals: Handle[]) => {
    const f = rt.newObject(Fin);
    rt.setAttr(f, "tag", rt.newStr(tag));
    ["a", "b", "c", "d"].forEach((n, i) => {
      if (vals[i] !== undefined) rt.setAttr(f, n, vals[i]!);
    });
    return f;
  };
  return { rt, log, Fin, Node, fin };
}

describe("reference counting (CPython 3.11 values)", () => {
  it("S25: getrefcount of a variable, an alias, two list slots", () => {
    const { rt, Node } = make();
    rt.scope(() => {
      const x = rt.newObject(Node);
      const r = [getrefcount(rt, x)];
      const y = rt.dup(x);
      r.push(getrefcount(rt, x));
      const l = rt.newList([x, x]);
      r.push(getrefcount(rt, x));
      expect(r).toEqual([2, 3, 5]);
      expect(rt.is(rt.newInt(256), rt.newInt(256))).toBe(true);
      expect(rt.is(rt.newInt(257), rt.newInt(257))).toBe(false);
      expect(rt.is(rt.newInt(-5), rt.newInt(-5))).toBe(true);
      expect(rt.is(rt.newInt(-6), rt.newInt(-6))).toBe(false);
      void y;
      void l;
      rt.verify();
    });
    rt.verify();
  });

  it("frees an object the moment its last reference goes, contents last to first", () => {
    const { rt, log, fin } = make();
    rt.scope(() => {
      const l = rt.scope(() => rt.newList([fin("a"), fin("b"), fin("c")]));
      const t = rt.scope(() => rt.newTuple([fin("x"), fin("y")]));
      rt.verify();
      rt.release(l);
      expect(log).toEqual(["del:c", "del:b", "del:a"]);
      rt.release(t);
      expect(log.slice(3)).toEqual(["del:y", "del:x"]);
    });
    rt.verify();
  });

  it("A1: a finalizer that resurrects runs once; the second death is silent", () => {
    const { rt, log, fin } = make();
    const saved = rt.scope(() => rt.persistent(rt.newList()));
    rt.types.byName("Fin");
    rt.scope(() => {
      const f = fin("r");
      const keep = rt.persistent();
      // resurrect from inside the finalizer by storing into a persistent list
      const Res = rt.types.register({
        name: "Res",
        kind: "slots",
        slots: [],
        weakrefable: true,
        finalizer: (self) => {
          log.push("del");
          rt.append(saved, self);
        },
      });
      const r = rt.newObject(Res);
      rt.release(r);
      expect(log).toEqual(["del"]);
      expect(rt.len(saved)).toBe(1);
      expect(rt.isFinalized(rt.getItem(saved, 0))).toBe(true);
      rt.verify();
      rt.clear(saved);
      expect(log).toEqual(["del"]);
      void f;
      void keep;
    });
    rt.verify();
  });

  it("S12 refcount path: __del__ runs before the weakref callback; callbacks newest first (S15)", () => {
    const { rt, log, fin } = make();
    rt.scope(() => {
      const b = rt.scope(() => fin("b"));
      const refs: Handle[] = [];
      for (let i = 0; i < 4; i++) refs.push(rt.newWeakref(b, () => log.push(`cb${i}`)));
      const plain = rt.newWeakref(b);
      rt.release(b);
      expect(log).toEqual(["del:b", "cb3", "cb2", "cb1", "cb0"]);
      expect(rt.isAlive(plain)).toBe(false);
      rt.verify();
    });
    rt.verify();
  });

  it("cycles leak: collect finds nothing and the objects stay", () => {
    const { rt } = make();
    const before = rt.stats().liveObjects;
    rt.scope(() => {
      const a = rt.newList();
      rt.append(a, a);
    });
    expect(rt.collect()).toBe(0);
    expect(rt.stats().liveObjects).toBe(before + 1);
    rt.verify();
  });

  it("A4: frees a 1,000,000-long chain of lists and of tuples without overflowing the stack", () => {
    const { rt } = make();
    const before = rt.stats().liveObjects;
    const l = rt.scope(() => rt.persistent(rt.newList()));
    for (let i = 0; i < 1_000_000; i++) rt.scope(() => rt.assign(l, rt.newList([l])));
    rt.release(l);
    const t = rt.scope(() => rt.persistent(rt.newTuple([])));
    for (let i = 0; i < 1_000_000; i++) rt.scope(() => rt.assign(t, rt.newTuple([t])));
    rt.release(t);
    expect(rt.stats().liveObjects).toBe(before);
    rt.verify();
  });
});
