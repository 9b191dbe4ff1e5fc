import type { Runtime } from "@heaplab/runtime";
import { defineClass, loop } from "../classes";
import { numParam, type Params, type Workload, type WorkloadContext } from "../workload";

/** `a = []; b = [a]; a.append(b)`, `count` times; each pair is dropped at the end of its iteration. */
function listCycles(rt: Runtime, params: Params, ctx: WorkloadContext): void {
  ctx.site("cycles.py:3 make_cycle");
  loop(
    rt,
    numParam(params, "count"),
    () => {
      const a = rt.newList();
      const b = rt.newList([a]);
      rt.append(a, b);
    },
    (d, t) => ctx.progress(d, t),
  );
}

/** `a = Node(); b = Node(); a.next = b; b.next = a`, `count` times, each pair dropped. */
function nodeCycles(rt: Runtime, params: Params, ctx: WorkloadContext): void {
  const Node = defineClass(rt, { name: "Node", kind: "instance" });
  ctx.site("cycles.py:9 make_node_cycle");
  loop(
    rt,
    numParam(params, "count"),
    () => {
      const a = rt.newObject(Node);
      const b = rt.newObject(Node);
      rt.setAttr(a, "next", b);
      rt.setAttr(b, "next", a);
    },
    (d, t) => ctx.progress(d, t),
  );
}

/**
 * The seeds' first lesson: two lists that hold each other.
 *
 * @example
 * listCycle.run(rt, { count: 2000 }, createWorkloadContext(rt));
 */
export const listCycle: Workload = {
  name: "list-cycle",
  title: "Cycles of two lists",
  description:
    "Builds `count` pairs of lists that contain each other and drops every pair. Each list keeps the other's " +
    "reference count at 1, so reference counting alone never frees them; a cycle collector or any tracing " +
    "collector does.",
  params: { count: 2000 },
  tags: ["cycles"],
  run: listCycles,
};

/**
 * Cycles of two instances through an attribute (`a.next = b; b.next = a`).
 *
 * @example
 * nodeCycle.run(rt, { count: 2000 }, createWorkloadContext(rt));
 */
export const nodeCycle: Workload = {
  name: "node-cycle",
  title: "Cycles of two objects",
  description:
    "Builds `count` pairs of `Node` instances pointing at each other through `next`, then drops them. Each instance " +
    "also owns a values array, so a leaked cycle costs more than the two objects. Only a collector that traces " +
    "from the roots (or CPython's cycle detector) reclaims them.",
  params: { count: 2000 },
  tags: ["cycles"],
  run: nodeCycles,
};
