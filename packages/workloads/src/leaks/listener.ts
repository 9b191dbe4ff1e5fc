import type { Handle, Runtime } from "@heaplab/runtime";
import { defineClass, loop } from "../classes";
import { numParam, type Params, type Workload, type WorkloadContext } from "../workload";

/** `bus.unsubscribe(callback)`: removes the listener that is `callback`, searching from the newest. */
function unsubscribe(rt: Runtime, listeners: Handle, callback: Handle): void {
  for (let i = rt.len(listeners) - 1; i >= 0; i--) {
    if (rt.scope(() => rt.is(rt.getItem(listeners, i), callback))) {
      rt.delItem(listeners, i);
      return;
    }
  }
}

function run(rt: Runtime, params: Params, ctx: WorkloadContext, unregister: boolean): void {
  const Widget = defineClass(rt, { name: "Widget", kind: "instance" });
  const Method = defineClass(rt, { name: "method", kind: "slots", slots: ["__self__"] });
  const n = numParam(params, "iterations");
  const bufferBytes = numParam(params, "bufferBytes");
  ctx.site("bus.py:2 <module>");
  const listeners = ctx.global("bus.listeners", rt.newList());
  loop(
    rt,
    n,
    (i) => {
      ctx.site("widget.py:5 __init__");
      const w = rt.newObject(Widget);
      rt.setAttr(w, "id", rt.newInt(7000 + i));
      ctx.site("widget.py:6 __init__");
      rt.setAttr(w, "buffer", rt.newBytes(bufferBytes));
      ctx.site("widget.py:7 __init__");
      // bus.subscribe(self.on_event): the bound method holds the widget.
      const onEvent = rt.newObject(Method, [w]);
      rt.append(listeners, onEvent);
      // ... the widget is shown, then closed.
      if (unregister) unsubscribe(rt, listeners, onEvent);
    },
    (d, t) => ctx.progress(d, t),
  );
}

/**
 * Seed leak 4: a listener that is never removed.
 *
 * @example
 * leakListener.run(rt, leakListener.params, createWorkloadContext(rt));
 */
export const leakListener: Workload = {
  name: "leak-listener",
  title: "Leak: an event listener never removed",
  description:
    "Each widget subscribes its bound method `self.on_event` to a global event bus and never unsubscribes. The bound " +
    "method references the widget, so every closed widget (and its buffer) stays reachable from the bus under every " +
    "strategy.",
  params: { iterations: 1000, bufferBytes: 256 },
  tags: ["leak"],
  run: (rt, params, ctx) => run(rt, params, ctx, false),
};

/**
 * The fix for seed leak 4: unsubscribe when the widget closes.
 *
 * @example
 * leakListenerFixed.run(rt, leakListenerFixed.params, createWorkloadContext(rt));
 */
export const leakListenerFixed: Workload = {
  name: "leak-listener-fixed",
  title: "Fix: unsubscribe when done",
  description:
    "The widget calls `bus.unsubscribe(self.on_event)` when it closes. The bus drops the bound method, nothing " +
    "references the widget any more, and it is freed (at once under reference counting, at the next collection " +
    "under tracing).",
  params: { iterations: 1000, bufferBytes: 256 },
  fixes: "leak-listener",
  tags: ["fix"],
  run: (rt, params, ctx) => run(rt, params, ctx, true),
};
