import {
  type Handle,
  InjectedMemoryError,
  InvalidHandleError,
  PyIndexError,
  PyTypeError,
  type Runtime,
  type TypeInfo,
} from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { allStrategies, verifiedRuntime } from "./helpers";

/**
 * The shadow stack (`rt.stack`): compiled code's roots. Under every strategy (the refcounting ones
 * count its entries, the moving ones rewrite them), trees built on the stack survive collections with
 * their shape, the verifier accepts the heap after each collection, and an injected allocation failure
 * leaves the stack and the heap as they were.
 */

const nodeType = (rt: Runtime): TypeInfo =>
  rt.types.byName("SNode") ?? rt.types.register({ name: "SNode", kind: "slots", slots: ["left", "right"] });

/** A complete tree of depth `d` built bottom-up on the stack; returns its entry index. */
function make(rt: Runtime, Node: TypeInfo, d: number): number {
  const s = rt.stack;
  if (d === 0) return s.newObject(Node);
  const mark = s.sp;
  make(rt, Node, d - 1);
  make(rt, Node, d - 1);
  return s.returnTo(mark, s.newObject(Node, mark, 2));
}

/** Nodes reachable from address `a`, read without allocating. */
function count(rt: Runtime, a: number): number {
  return a === 0 ? 0 : 1 + count(rt, rt.stack.loadSlot(a, 0)) + count(rt, rt.stack.loadSlot(a, 1));
}

describe.each(Object.entries(allStrategies))("shadow stack under %s", (_name, create) => {
  it("keeps trees alive and exact across collections, and releases them when popped", () => {
    const { rt } = verifiedRuntime(create);
    const Node = nodeType(rt);
    const s = rt.stack;
    const base = s.sp;
    const long = make(rt, Node, 8);
    for (let round = 0; round < 40; round++) {
      const mark = s.sp;
      // Garbage between the survivor's reads: collections happen while `long` is only on the stack.
      expect(count(rt, s.get(make(rt, Node, 7)))).toBe(255);
      s.popTo(mark);
      if (round % 10 === 0) rt.collect();
    }
    expect(count(rt, s.get(long))).toBe(511);
    rt.collect();
    rt.verify();
    const before = rt.stats().liveObjects;
    s.popTo(base);
    rt.collect();
    rt.verify();
    // `none` never frees: the oracle keeps every object.
    expect(rt.stats().liveObjects).toBe(rt.strategy.name === "none" ? before : before - 511);
  });

  it("mixes with handles: setSlot through the barrier, pushHandle and toHandle", () => {
    const { rt } = verifiedRuntime(create);
    const Node = nodeType(rt);
    const s = rt.stack;
    const mark = s.sp;
    const old = rt.persistent(rt.newObject(Node));
    rt.collect(); // `old` is now in the oldest generation: a young value stored into it needs the barrier
    const o = s.pushHandle(old);
    for (let i = 0; i < 200; i++) {
      const m = s.sp;
      s.setSlot(o, i % 2, make(rt, Node, 3));
      s.popTo(m);
    }
    rt.collect(0);
    rt.verify();
    expect(count(rt, s.get(o))).toBe(1 + 15 + 15);
    const h: Handle = rt.scope(() => rt.persistent(s.toHandle(s.pushSlot(o, 0))));
    s.popTo(mark);
    rt.collect();
    expect(rt.typeOf(h).name).toBe("SNode");
    expect(count(rt, rt.handles.get(h))).toBe(15);
    rt.release(h);
    rt.release(old);
    rt.verify();
  });

  it("an injected allocation failure leaves the stack and the heap unchanged", () => {
    const { rt } = verifiedRuntime(create);
    const Node = nodeType(rt);
    const s = rt.stack;
    const mark = s.sp;
    const a = s.newObject(Node);
    const b = s.newObject(Node);
    const sp = s.sp;
    const live = rt.stats().liveObjects;
    rt.faults.arm("object", 1);
    expect(() => s.newObject(Node, a, 2)).toThrow(InjectedMemoryError);
    expect(s.sp).toBe(sp);
    expect(rt.stats().liveObjects).toBe(live);
    rt.verify();
    expect(count(rt, s.get(s.newObject(Node, a, 2)))).toBe(3);
    expect(b).toBe(a + 1);
    s.popTo(mark);
    rt.collect();
    rt.verify();
  });
});

describe.each(["none", "mark-sweep", "semispace"])("the verifier under %s", (name) => {
  it("names a shadow-stack entry that holds no object", () => {
    const { rt } = verifiedRuntime(allStrategies[name]!);
    const s = rt.stack;
    const mark = s.sp;
    const i = s.newObject(nodeType(rt));
    rt.verify();
    const words = rt.handles.stack.words;
    const addr = words[i]!;
    words[i] = addr + 8; // inside the object, not its start
    expect(() => rt.verify()).toThrow(
      new RegExp(`shadow-stack entry ${i} holds 0x${(addr + 8).toString(16)}`),
    );
    words[i] = addr;
    s.popTo(mark);
    rt.verify();
  });
});

describe("shadow stack arguments", () => {
  const { rt } = verifiedRuntime(allStrategies["mark-sweep"]!);
  const Node = nodeType(rt);
  const s = rt.stack;

  it("refuses entries outside the stack, with one line naming the index", () => {
    const sp = s.sp;
    expect(() => s.get(sp)).toThrow(InvalidHandleError);
    expect(() => s.get(-1)).toThrow(/invalid shadow-stack index -1/);
    expect(() => s.get(0.5)).toThrow(InvalidHandleError);
    expect(() => s.popTo(sp + 1)).toThrow(InvalidHandleError);
    expect(() => s.newObject(Node, sp, 1)).toThrow(InvalidHandleError);
    expect(s.sp).toBe(sp);
  });

  it("refuses types, slots and addresses that are not slots objects", () => {
    const mark = s.sp;
    const n = s.newObject(Node);
    expect(() => s.newObject(rt.types.byName("list")!)).toThrow(/needs a slots class, not 'list'/);
    expect(() => s.newObject({ ...Node })).toThrow(/registered with this runtime/);
    expect(() => s.newObject(Node, n, 3)).toThrow(/2 slots, 3 values given/);
    expect(() => s.setSlot(n, 2, n)).toThrow(PyIndexError);
    expect(() => s.loadSlot(0, 0)).toThrow(/'NoneType' object has no slots/);
    const l = rt.newList();
    expect(() => s.loadSlot(rt.handles.get(l), 0)).toThrow(PyTypeError);
    expect(s.sp).toBe(mark + 1);
    s.popTo(mark);
    rt.verify();
  });
});
