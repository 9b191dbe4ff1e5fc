import { HeapWeakSet, Runtime, WeakKeyDictionary, WeakValueDictionary } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { createCPythonStrategy } from "../src/index";

describe("weak containers (§6)", () => {
  it("S24: WeakValueDictionary, WeakKeyDictionary and WeakSet give CPython 3.11.7's values", () => {
    const s = createCPythonStrategy();
    const rt = new Runtime(s, { heapLimit: 64 << 20 });
    const gc = s.gc;
    gc.disable();
    gc.collect();
    const V = rt.types.register({ name: "V", kind: "instance", weakrefable: true });
    const r: unknown[] = [];
    rt.scope(() => {
      const wvd = new WeakValueDictionary(rt);
      const v = rt.newObject(V);
      wvd.set(rt.newStr("x"), v);
      r.push(wvd.len());
      rt.release(v); // del v
      r.push(wvd.len());
      rt.scope(() => {
        const v = rt.newObject(V);
        rt.setAttr(v, "me", v);
        wvd.set(rt.newStr("y"), v);
      });
      r.push(wvd.len());
      r.push(gc.collect());
      r.push(wvd.len());

      const wkd = new WeakKeyDictionary(rt);
      rt.scope(() => {
        const k = rt.newObject(V);
        wkd.set(k, rt.newList([k]));
      });
      r.push(gc.collect());
      r.push(wkd.len());

      const ws = new HeapWeakSet(rt);
      const s1 = rt.newObject(V);
      const s2 = rt.newObject(V);
      ws.add(s1);
      ws.add(s2);
      const it = ws.iter();
      const first = it.next()!;
      rt.release(s1);
      rt.release(s2);
      r.push([ws.len(), ws.pendingRemovals(), rt.len(ws.data)]);
      it.close();
      rt.release(first);
      r.push([ws.len(), rt.len(ws.data)]);
      rt.verify();
      wvd.dispose();
      wkd.dispose();
      ws.dispose();
    });
    expect(r).toEqual([1, 0, 1, 2, 0, 0, 1, [1, 1, 2], [0, 0]]);
    rt.verify();
  });

  it("a WeakSet under reference counting: membership, discard, and removal at once when an item dies", () => {
    const rt = new Runtime(createCPythonStrategy(), { heapLimit: 64 << 20 });
    const V = rt.types.register({ name: "V", kind: "slots", slots: [], weakrefable: true });
    rt.scope(() => {
      const ws = new HeapWeakSet(rt);
      const a = rt.newObject(V);
      const b = rt.newObject(V);
      ws.add(a);
      ws.add(a);
      ws.add(b);
      expect([ws.len(), ws.has(a), ws.has(b)]).toEqual([2, true, true]);
      ws.discard(a);
      expect([ws.len(), ws.has(a)]).toEqual([1, false]);
      rt.release(b);
      expect(ws.len()).toBe(0);
      const it = ws.iter();
      expect(it.next()).toBeNull();
      rt.verify();
      ws.dispose();
    });
    rt.verify();
  });
});
