import type { Runtime } from "@heaplab/runtime";
import { defineClass, loop } from "../classes";
import { readValue } from "../read-value";
import { numParam, type Params, type Workload, type WorkloadContext } from "../workload";

/** Per runtime: how many handles were closed, by `__del__` or explicitly. */
const closedBy = new WeakMap<Runtime, { byDel: number; explicit: number }>();

function counters(rt: Runtime): { byDel: number; explicit: number } {
  let c = closedBy.get(rt);
  if (c === undefined) {
    c = { byDel: 0, explicit: 0 };
    closedBy.set(rt, c);
  }
  return c;
}

/**
 * How many resources were closed so far on `rt` by `__del__` and explicitly (for tests and findings).
 *
 * @example
 * resourcesClosed(rt); // { byDel: 0, explicit: 500 }
 */
export function resourcesClosed(rt: Runtime): { byDel: number; explicit: number } {
  return { ...counters(rt) };
}

/**
 * Each iteration opens a `FileHandle` owned by a `Connection` that the handle points back to (a cycle,
 * as `self.conn = conn` makes). The `__del__` version relies on the finalizer to close it; the explicit
 * version calls `close()` (a `with` block) before dropping it.
 */
function run(rt: Runtime, params: Params, ctx: WorkloadContext, explicit: boolean): void {
  const c = counters(rt);
  const FileHandle = defineClass(rt, {
    name: explicit ? "ManagedFile" : "FileHandle",
    kind: "instance",
    finalizer: explicit
      ? null
      : (self) => {
          // def __del__(self): if not self.closed: self.close()
          if (readValue(rt, () => rt.intValue(rt.getAttr(self, "closed"))) === 0) {
            c.byDel++;
            rt.setAttr(self, "closed", rt.newInt(1));
          }
        },
  });
  const Connection = defineClass(rt, { name: "Connection", kind: "instance" });
  loop(
    rt,
    numParam(params, "iterations"),
    (i) => {
      ctx.site("resources.py:14 open");
      const conn = rt.newObject(Connection);
      const f = rt.newObject(FileHandle);
      rt.setAttr(f, "fd", rt.newInt(1000 + i));
      rt.setAttr(f, "closed", rt.newInt(0));
      rt.setAttr(f, "conn", conn);
      rt.setAttr(conn, "file", f);
      if (explicit) {
        rt.setAttr(f, "closed", rt.newInt(1)); // with open(...) as f: ... -> f.close()
        c.explicit++;
      }
    },
    (d, t) => ctx.progress(d, t),
  );
  ctx.print(`closed by __del__ during the run: ${c.byDel}; explicitly: ${c.explicit}`);
}

/**
 * Resources closed by `__del__`.
 *
 * @example
 * delResources.run(rt, delResources.params, createWorkloadContext(rt));
 */
export const delResources: Workload = {
  name: "del-resources",
  title: "`__del__` closes resources",
  description:
    "File handles rely on `__del__` to close, and each sits in a cycle with its connection. Under reference counting " +
    "alone the cycle never dies and the file stays open; CPython's cycle collector runs `__del__` at its next " +
    "collection; tracing collectors queue finalizers and run them later, in no promised order.",
  params: { iterations: 500 },
  tags: ["finalizers"],
  run: (rt, params, ctx) => run(rt, params, ctx, false),
};

/**
 * Resources closed explicitly.
 *
 * @example
 * explicitRelease.run(rt, explicitRelease.params, createWorkloadContext(rt));
 */
export const explicitRelease: Workload = {
  name: "explicit-release",
  title: "Explicit release (`with` / `close()`)",
  description:
    "The same files, closed by a `with` block the moment they are no longer needed. Closing no longer depends on " +
    "when, or whether, a collector finds the object; the memory still waits for the collector, the file does not.",
  params: { iterations: 500 },
  fixes: "del-resources",
  tags: ["finalizers", "fix"],
  run: (rt, params, ctx) => run(rt, params, ctx, true),
};
