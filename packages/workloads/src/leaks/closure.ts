import type { Runtime } from "@heaplab/runtime";
import { defineClass, loop } from "../classes";
import { numParam, type Params, type Workload, type WorkloadContext } from "../workload";

/**
 * `make_handler(dataset)`: a function object whose `__closure__` is a tuple of one cell. The leaky
 * version's cell holds the dataset; the fixed version's cell holds `weakref.ref(dataset)`.
 */
function run(rt: Runtime, params: Params, ctx: WorkloadContext, weak: boolean): void {
  const Dataset = defineClass(rt, { name: "Dataset", kind: "instance" });
  const Cell = defineClass(rt, { name: "cell", kind: "slots", slots: ["cell_contents"] });
  const Fn = defineClass(rt, { name: "function", kind: "slots", slots: ["__closure__"], weakrefable: true });
  const n = numParam(params, "iterations");
  const rows = numParam(params, "rows");
  const rowBytes = numParam(params, "rowBytes");
  ctx.site("handlers.py:3 <module>");
  const handlers = ctx.global("handlers", rt.newList());
  loop(
    rt,
    n,
    () => {
      ctx.site("handlers.py:12 load");
      const ds = rt.newObject(Dataset);
      const data = rt.newList();
      for (let r = 0; r < rows; r++) rt.scope(() => rt.append(data, rt.newBytes(rowBytes)));
      rt.setAttr(ds, "rows", data);
      ctx.site("handlers.py:6 make_handler");
      // def handler(): return len(dataset.rows)   -- the cell captures `dataset` (or a weak reference to it)
      const captured = weak ? rt.newWeakref(ds) : ds;
      const cell = rt.newObject(Cell, [captured]);
      const fn = rt.newObject(Fn, [rt.newTuple([cell])]);
      rt.append(handlers, fn);
    },
    (d, t) => ctx.progress(d, t),
  );
}

/**
 * Seed leak 3: a closure that captures its data.
 *
 * @example
 * leakClosure.run(rt, leakClosure.params, createWorkloadContext(rt));
 */
export const leakClosure: Workload = {
  name: "leak-closure",
  title: "Leak: a closure capturing its data",
  description:
    "Each registered handler is a closure over the whole dataset it was made from, though it only needs a little of " +
    "it. The handler list is global, the closure's cell references the dataset, so every dataset ever loaded stays " +
    "alive under every strategy.",
  params: { iterations: 300, rows: 10, rowBytes: 64 },
  tags: ["leak"],
  run: (rt, params, ctx) => run(rt, params, ctx, false),
};

/**
 * The fix for seed leak 3: the closure captures a weak reference.
 *
 * @example
 * leakClosureFixed.run(rt, leakClosureFixed.params, createWorkloadContext(rt));
 */
export const leakClosureFixed: Workload = {
  name: "leak-closure-fixed",
  title: "Fix: capture a weak reference",
  description:
    "The closure captures `weakref.ref(dataset)` and dereferences it when called. The handler keeps working while its " +
    "owner holds the dataset and no longer keeps it alive: only the small function, cell and weak reference remain.",
  params: { iterations: 300, rows: 10, rowBytes: 64 },
  fixes: "leak-closure",
  tags: ["fix"],
  run: (rt, params, ctx) => run(rt, params, ctx, true),
};
