import { HeapWeakSet, type Runtime } from "@heaplab/runtime";
import { defineClass, loop } from "../classes";
import { numParam, type Params, type Workload, type WorkloadContext } from "../workload";

function run(rt: Runtime, params: Params, ctx: WorkloadContext, weak: boolean): void {
  const Session = defineClass(rt, { name: "Session", kind: "instance" });
  const n = numParam(params, "iterations");
  const payloadBytes = numParam(params, "payloadBytes");
  ctx.site("sessions.py:4 Session");
  // `all_sessions = []` (or `weakref.WeakSet()`) in the class body: it lives as long as the class.
  // The WeakSet's `data` (a dict of weak references) is what the class attribute holds on the heap.
  const weakSet = weak ? new HeapWeakSet(rt) : null;
  const registry = ctx.global("Session.all_sessions", weakSet?.data ?? rt.newList());
  loop(
    rt,
    n,
    (i) => {
      ctx.site("sessions.py:7 __init__");
      const s = rt.newObject(Session);
      rt.setAttr(s, "user", rt.newInt(5000 + i));
      ctx.site("sessions.py:8 __init__");
      rt.setAttr(s, "data", rt.newBytes(payloadBytes));
      ctx.site("sessions.py:9 __init__");
      if (weakSet !== null) weakSet.add(s);
      else rt.append(registry, s);
      // The session is used and goes out of scope here; only the class attribute still knows it.
    },
    (d, t) => ctx.progress(d, t),
  );
}

/**
 * Seed leak 2: every instance registers itself in a class attribute.
 *
 * @example
 * leakClassAttribute.run(rt, leakClassAttribute.params, createWorkloadContext(rt));
 */
export const leakClassAttribute: Workload = {
  name: "leak-class-attribute",
  title: "Leak: instances registered in a class attribute",
  description:
    "`Session.__init__` appends `self` to the class attribute `Session.all_sessions`. A class lives as long as its " +
    "module, so every session ever created stays reachable and no strategy can free one. The list looks like " +
    "bookkeeping; it is a leak.",
  params: { iterations: 1000, payloadBytes: 128 },
  tags: ["leak"],
  run: (rt, params, ctx) => run(rt, params, ctx, false),
};

/**
 * The fix for seed leak 2: the class attribute is a `weakref.WeakSet`.
 *
 * @example
 * leakClassAttributeFixed.run(rt, leakClassAttributeFixed.params, createWorkloadContext(rt));
 */
export const leakClassAttributeFixed: Workload = {
  name: "leak-class-attribute-fixed",
  title: "Fix: a weak set for the registry",
  description:
    "`Session.all_sessions` holds weak references (a `weakref.WeakSet`): the registry can list live sessions but does " +
    "not keep them alive. When a session dies its weak reference's callback removes the entry, at once under " +
    "reference counting and at the next collection under a tracing collector.",
  params: { iterations: 1000, payloadBytes: 128 },
  fixes: "leak-class-attribute",
  tags: ["fix"],
  run: (rt, params, ctx) => run(rt, params, ctx, true),
};
