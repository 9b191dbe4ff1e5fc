import type { Handle, Runtime } from "@heaplab/runtime";
import { defineClass, loop } from "../classes";
import { numParam, type Params, type Workload, type WorkloadContext } from "../workload";

/**
 * One `process(item)` call of leak_cache.py: builds a `Record(id, payload)` and appends it to the
 * module-level `_cache` "for later". Nothing ever reads the cache again.
 */
function processItem(
  rt: Runtime,
  ctx: WorkloadContext,
  cache: Handle,
  i: number,
  payloadBytes: number,
): void {
  const Record = defineClass(rt, { name: "Record", kind: "instance" });
  ctx.site("leak_cache.py:8 process");
  const rec = rt.newObject(Record);
  rt.setAttr(rec, "id", rt.newInt(1000 + i));
  ctx.site("leak_cache.py:9 process");
  rt.setAttr(rec, "payload", rt.newBytes(payloadBytes));
  ctx.site("leak_cache.py:10 process");
  rt.append(cache, rec);
}

function run(rt: Runtime, params: Params, ctx: WorkloadContext, clearEvery: number): void {
  const n = numParam(params, "iterations");
  const payloadBytes = numParam(params, "payloadBytes");
  ctx.site("leak_cache.py:3 <module>");
  const cache = ctx.global("_cache", rt.newList());
  loop(
    rt,
    n,
    (i) => {
      processItem(rt, ctx, cache, i, payloadBytes);
      // The fix: the batch's results were consumed, so the cache lets go of them.
      if (clearEvery > 0 && ((i + 1) % clearEvery === 0 || i === n - 1)) rt.clear(cache);
    },
    (d, t) => ctx.progress(d, t),
  );
}

/**
 * Seed leak 1: a module-level cache that only grows.
 *
 * @example
 * leakGlobalCache.run(rt, leakGlobalCache.params, createWorkloadContext(rt));
 */
export const leakGlobalCache: Workload = {
  name: "leak-global-cache",
  title: "Leak: a global cache that only grows",
  description:
    "Every processed item is appended to a module-level list `_cache` and never removed. The cache is reachable " +
    "from the module, so no strategy may free it: reference counting and every tracing collector keep all of it. " +
    "Memory grows with the number of items processed.",
  params: { iterations: 1000, payloadBytes: 64 },
  tags: ["leak"],
  run: (rt, params, ctx) => run(rt, params, ctx, 0),
};

/**
 * The fix for seed leak 1: the cache is cleared once a batch has been used.
 *
 * @example
 * leakGlobalCacheFixed.run(rt, { ...leakGlobalCacheFixed.params, batch: 10 }, createWorkloadContext(rt));
 */
export const leakGlobalCacheFixed: Workload = {
  name: "leak-global-cache-fixed",
  title: "Fix: clear the cache after each batch",
  description:
    "The same processing, but `_cache.clear()` runs once each batch of results has been used. The records become " +
    "unreachable, so reference counting frees them at once and a tracing collector at its next collection; the heap " +
    "stays flat however many items are processed.",
  params: { iterations: 1000, payloadBytes: 64, batch: 100 },
  fixes: "leak-global-cache",
  tags: ["fix"],
  run: (rt, params, ctx) => run(rt, params, ctx, numParam(params, "batch")),
};
