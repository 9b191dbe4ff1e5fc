import { describe, expect, it } from "vitest";
import {
  createNoneStrategy,
  InvalidHandleError,
  NONE,
  PyIndexError,
  PyKeyError,
  PyTypeError,
  Runtime,
} from "../src/index";

const make = () => new Runtime(createNoneStrategy(), { heapLimit: 16 << 20 });

describe("handles", () => {
  it("scoped handles die with their scope; escaped and persistent ones live on", () => {
    const rt = make();
    let inner = 0;
    let kept = 0;
    const escaped = rt.scope(() => {
      inner = rt.newList();
      kept = rt.persistent(inner);
      return rt.newStr("out");
    });
    expect(() => rt.len(inner)).toThrow(InvalidHandleError);
    expect(rt.len(kept)).toBe(0);
    expect(rt.strValue(escaped)).toBe("out");
    rt.release(kept);
    expect(() => rt.len(kept)).toThrow(/released/);
  });

  it("refuses a handle that was never issued, and one from another runtime's reused slot", () => {
    const rt = make();
    expect(() => rt.len(12345)).toThrow(/never issued/);
    const a = rt.newList();
    rt.release(a);
    const b = rt.newList(); // reuses the slot with a new generation
    expect(() => rt.len(a)).toThrow(InvalidHandleError);
    expect(rt.len(b)).toBe(0);
  });

  it("None is handle 0 and always valid", () => {
    const rt = make();
    expect(rt.isNone(NONE)).toBe(true);
    expect(rt.typeName(NONE)).toBe("NoneType");
    const l = rt.newList([NONE, NONE]);
    expect(rt.isNone(rt.getItem(l, 1))).toBe(true);
  });

  it("assign stores the new value before releasing the old one", () => {
    const rt = make();
    const r = rt.persistent();
    const x = rt.newInt(5000);
    rt.assign(r, x);
    expect(rt.is(r, x)).toBe(true);
    rt.assign(r, NONE);
    expect(rt.isNone(r)).toBe(true);
  });
});

describe("containers on real bytes", () => {
  it("list, tuple, dict and set operations", () => {
    const rt = make();
    rt.scope(() => {
      const l = rt.newList();
      for (let i = 0; i < 10; i++) rt.append(l, rt.newInt(i));
      expect(rt.len(l)).toBe(10);
      expect(rt.intValue(rt.getItem(l, -1))).toBe(9);
      expect(rt.intValue(rt.pop(l))).toBe(9);
      rt.delItem(l, 0);
      expect(rt.intValue(rt.getItem(l, 0))).toBe(1);
      expect(() => rt.getItem(l, 100)).toThrow(PyIndexError);
      const t = rt.newTuple([l, rt.newInt(3)]);
      expect(() => rt.setItem(t, 0, NONE)).toThrow(PyTypeError);
      const d = rt.newDict();
      for (let i = 0; i < 50; i++) rt.dictSet(d, rt.newInt(i), rt.newStr(`v${i}`));
      rt.dictSet(d, rt.newStr("k"), rt.newInt(1));
      expect(rt.len(d)).toBe(51);
      expect(rt.strValue(rt.dictGet(d, rt.newInt(37)))).toBe("v37");
      rt.dictDelete(d, rt.newInt(37));
      expect(() => rt.dictGet(d, rt.newInt(37))).toThrow(PyKeyError);
      expect(() => rt.dictGet(d, rt.newInt(37))).toThrow(/^37$/);
      expect(
        rt
          .keys(d)
          .map((k) => (rt.typeName(k) === "int" ? rt.intValue(k) : rt.strValue(k)))
          .slice(35, 38),
      ).toEqual([35, 36, 38]);
      const s = rt.newSet();
      for (let i = 0; i < 30; i++) rt.add(s, rt.newInt(i % 20));
      expect(rt.len(s)).toBe(20);
      expect(rt.contains(s, rt.newInt(19))).toBe(true);
      rt.discard(s, rt.newInt(19));
      expect(rt.contains(s, rt.newInt(19))).toBe(false);
      rt.clear(l);
      rt.clear(d);
      rt.clear(s);
      expect([rt.len(l), rt.len(d), rt.len(s)]).toEqual([0, 0, 0]);
    });
    rt.verify();
  });

  it("weak references: one shared basic ref, callbacks after it, a TypeError for lists", () => {
    const rt = make();
    const Node = rt.types.register({ name: "Node", kind: "slots", slots: ["a"], weakrefable: true });
    rt.scope(() => {
      const n = rt.newObject(Node);
      const w1 = rt.newWeakref(n);
      const w2 = rt.newWeakref(n);
      expect(rt.is(w1, w2)).toBe(true);
      const w3 = rt.newWeakref(n, () => {});
      expect(rt.is(w1, w3)).toBe(false);
      expect(rt.is(rt.deref(w3), n)).toBe(true);
      expect(() => rt.newWeakref(rt.newList())).toThrow("cannot create weak reference to 'list' object");
    });
    rt.verify();
  });

  it("instances keep attributes in a values array; slots by name", () => {
    const rt = make();
    const P = rt.types.register({ name: "P", kind: "instance" });
    const S = rt.types.register({ name: "S", kind: "slots", slots: ["y", "x"] });
    rt.scope(() => {
      const p = rt.newObject(P);
      for (let i = 0; i < 12; i++) rt.setAttr(p, `a${i}`, rt.newInt(i));
      expect(rt.intValue(rt.getAttr(p, "a11"))).toBe(11);
      expect(() => rt.getAttr(p, "zz")).toThrow("'P' object has no attribute 'zz'");
      const s = rt.newObject(S);
      rt.setAttr(s, "y", p);
      expect(rt.is(rt.getSlot(s, 1), p)).toBe(true); // slots are sorted: x, y
      expect(rt.isNone(rt.getAttr(s, "x"))).toBe(true);
    });
    rt.verify();
  });
});

describe("the empty tuple", () => {
  it("is one shared object, as CPython's () is", () => {
    const rt = make();
    rt.scope(() => {
      expect(rt.is(rt.newTuple([]), rt.newTuple([]))).toBe(true);
      expect(rt.len(rt.newTuple([]))).toBe(0);
    });
    rt.verify();
  });
});

describe("dicts holding None", () => {
  it("keep a None value as a live entry", () => {
    const rt = make();
    rt.scope(() => {
      const d = rt.newDict();
      rt.dictSet(d, rt.newInt(1), NONE);
      rt.dictSet(d, rt.newInt(2), rt.newInt(5));
      expect(rt.len(d)).toBe(2);
      expect(rt.keys(d).map((k) => rt.intValue(k))).toEqual([1, 2]);
      expect(rt.isNone(rt.dictGet(d, rt.newInt(1)))).toBe(true);
      for (let i = 3; i < 20; i++) rt.dictSet(d, rt.newInt(i), NONE); // resizes keep None entries
      expect(rt.keys(d).length).toBe(19);
    });
    rt.verify();
  });
});

describe("a handle from another runtime", () => {
  // Regression (issue 8's misuse tests): two runtimes that made the same calls issued identical handle
  // numbers, so one runtime silently read the other's object in the same slot.
  it("is refused, even when both runtimes made the same calls", () => {
    const a = new Runtime(createNoneStrategy(), { heapLimit: 4 << 20 });
    const b = new Runtime(createNoneStrategy(), { heapLimit: 4 << 20 });
    const ha = a.persistent(a.scope(() => a.newList()));
    const hb = b.persistent(b.scope(() => b.newList()));
    expect(ha).not.toBe(hb);
    expect(() => b.len(ha)).toThrow(/another runtime/);
    expect(() => b.append(hb, ha)).toThrow(/another runtime/);
    expect(b.len(hb)).toBe(0);
    b.verify();
  });
});
