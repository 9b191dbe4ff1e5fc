import { defineClass, loop } from "../classes";
import { boolParam, numParam, type Workload } from "../workload";

/**
 * An object pool: `requests` times a buffer is acquired, used and released. With `pooled` the pool
 * hands back one of `poolSize` buffers allocated up front; without it each request allocates a fresh
 * buffer that becomes garbage.
 *
 * @example
 * objectPool.run(rt, { ...objectPool.params, pooled: false }, createWorkloadContext(rt));
 */
export const objectPool: Workload = {
  name: "object-pool",
  title: "An object pool versus fresh allocation",
  description:
    "Reuses a fixed set of buffers instead of allocating one per request. Pooled, the program allocates almost " +
    "nothing after start-up, so collectors have nothing to do; with `pooled=false` every request makes garbage. " +
    "Pools trade that for memory held all the time and the risk of handing out a buffer still in use.",
  params: { requests: 4000, poolSize: 16, bufferBytes: 256, pooled: true },
  tags: ["allocator"],
  run(rt, params, ctx) {
    const Buffer = defineClass(rt, { name: "Buffer", kind: "slots", slots: ["data", "owner"] });
    const pooled = boolParam(params, "pooled");
    const poolSize = numParam(params, "poolSize");
    const bufferBytes = numParam(params, "bufferBytes");
    ctx.site("pool.py:5 Pool.__init__");
    const free = ctx.global("_pool", rt.newList());
    if (pooled) {
      loop(rt, poolSize, () => {
        rt.append(free, rt.newObject(Buffer, [rt.newBytes(bufferBytes)]));
      });
    }
    loop(
      rt,
      numParam(params, "requests"),
      (i) => {
        ctx.site(pooled ? "pool.py:9 acquire" : "pool.py:14 fresh");
        const buf =
          pooled && rt.len(free) > 0 ? rt.pop(free) : rt.newObject(Buffer, [rt.newBytes(bufferBytes)]);
        rt.setSlot(buf, 1, rt.newInt(100000 + i)); // use it
        if (pooled) rt.append(free, buf); // release it back
      },
      (d, t) => ctx.progress(d, t),
    );
  },
};
