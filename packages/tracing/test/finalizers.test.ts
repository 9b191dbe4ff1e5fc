import type { Handle } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { held, smallStrategies, verifiedRuntime } from "./helpers";

describe.each(Object.keys(smallStrategies))("%s: finalizers and weak references", (name) => {
  const make = smallStrategies[name]!;

  it("runs a finalizer only after a collection found the object dead, from the queue, exactly once", () => {
    const { rt } = verifiedRuntime(make);
    const ran: number[] = [];
    const Res = rt.types.register({
      name: "Res",
      kind: "slots",
      slots: ["id"],
      finalizer: (self) => ran.push(rt.intValue(rt.getSlot(self, 0))),
    });
    const keep = held(rt, () => rt.newObject(Res, [rt.newInt(1)]));
    rt.scope(() => {
      rt.newObject(Res, [rt.newInt(2)]);
    });
    expect(ran).toEqual([]); // unreachable, but no collection has run
    rt.collect();
    // Found dead and queued; gc.collect() returns after the queue ran (GC.WaitForPendingFinalizers).
    expect(ran).toEqual([2]);
    for (let i = 0; i < 3; i++) {
      rt.collect();
      rt.runPendingFinalizers();
    }
    expect(ran).toEqual([2]); // exactly once
    rt.release(keep);
    rt.collect();
    rt.runPendingFinalizers();
    expect(ran).toEqual([2, 1]);
    rt.verify();
  });

  it("does not finalize a resurrected object again, and frees it when it dies again", () => {
    const { rt } = verifiedRuntime(make);
    let runs = 0;
    const saved = rt.persistent();
    const Phoenix = rt.types.register({
      name: "Phoenix",
      kind: "slots",
      slots: ["v"],
      finalizer: (self) => {
        runs++;
        rt.assign(saved, self); // resurrection
      },
    });
    rt.scope(() => {
      rt.newObject(Phoenix, [rt.newStr("ash")]);
    });
    rt.collect();
    rt.runPendingFinalizers();
    expect(runs).toBe(1);
    rt.scope(() => {
      expect(rt.strValue(rt.getSlot(saved, 0))).toBe("ash");
    });
    expect(rt.isFinalized(saved)).toBe(true);
    const before = rt.stats().liveObjects;
    rt.assign(saved, 0);
    rt.collect();
    rt.runPendingFinalizers();
    expect(runs).toBe(1);
    expect(rt.stats().liveObjects).toBe(before - 2); // the Phoenix and its str
  });

  it("clears a weak reference when its referent dies, queues its callback, keeps it while the referent lives", () => {
    const { rt } = verifiedRuntime(make);
    const Node = rt.types.register({ name: "Node", kind: "slots", slots: ["v"], weakrefable: true });
    const target = held(rt, () => rt.newObject(Node, [rt.newInt(42)]));
    const calls: Handle[] = [];
    let inCollection = false;
    rt.events.on((e) => {
      if (e.type === "gc-start") inCollection = true;
      if (e.type === "gc-end") inCollection = false;
    });
    const wrBasic = held(rt, () => rt.newWeakref(target));
    const wrCb = held(rt, () =>
      rt.newWeakref(target, (w) => {
        expect(inCollection).toBe(false); // queued, never run inside the collection
        calls.push(w);
      }),
    );
    // Churn so moving collectors move the target and the weak references.
    for (let i = 0; i < 3000; i++)
      rt.scope(() => {
        rt.newTuple([rt.newInt(i), rt.newStr("garbage")]);
      });
    rt.collect();
    expect(rt.isAlive(wrBasic)).toBe(true);
    rt.scope(() => {
      expect(rt.is(rt.deref(wrBasic), target)).toBe(true);
      expect(rt.intValue(rt.getSlot(rt.deref(wrCb), 0))).toBe(42);
    });
    rt.release(target);
    expect(rt.isAlive(wrBasic)).toBe(true); // no collection yet
    rt.collect();
    expect(rt.isAlive(wrBasic)).toBe(false);
    expect(rt.isAlive(wrCb)).toBe(false);
    expect(calls.length).toBe(1); // run after the collection ended, before collect() returned
    rt.runPendingFinalizers();
    expect(calls.length).toBe(1);
    rt.verify();
  });

  it("unlinks a dead weak reference from a live referent's list", () => {
    const { rt } = verifiedRuntime(make);
    const Node = rt.types.register({ name: "Node", kind: "slots", slots: [], weakrefable: true });
    const target = held(rt, () => rt.newObject(Node));
    const kept = held(rt, () => rt.newWeakref(target, () => {}));
    rt.scope(() => {
      rt.newWeakref(target, () => {}); // dies
    });
    rt.collect();
    rt.verify(); // the runtime's verifier walks the list: no member may be freed
    expect(rt.isAlive(kept)).toBe(true);
  });
});
