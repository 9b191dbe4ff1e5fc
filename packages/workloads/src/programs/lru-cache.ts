import { defineClass, loop } from "../classes";
import { createRandom } from "../random";
import { numParam, type Workload } from "../workload";

/**
 * `functools.lru_cache(maxsize=capacity)` in miniature: a dict from key to a computed value plus
 * recency order; a miss computes a value (a bytes payload) and evicts the least recently used entry
 * once the cache is full. The recency order is kept beside the dict in key order, exactly the order
 * an `OrderedDict` would hold (move-to-end on a hit).
 *
 * @example
 * lruCache.run(rt, { ...lruCache.params, capacity: 50 }, createWorkloadContext(rt, { seed: 7 }));
 */
export const lruCache: Workload = {
  name: "lru-cache",
  title: "An LRU cache with a capacity",
  description:
    "A cache bounded to `capacity` entries evicts the least recently used one on a miss. Unlike the global-cache leak, " +
    "memory stays flat however long it runs: at most `capacity` values are alive, and each eviction makes one value " +
    "garbage for the strategy to reclaim.",
  params: { capacity: 100, operations: 5000, keySpace: 400, valueBytes: 96 },
  tags: ["cache"],
  run(rt, params, ctx) {
    const capacity = numParam(params, "capacity");
    const keySpace = numParam(params, "keySpace");
    const valueBytes = numParam(params, "valueBytes");
    const rnd = createRandom(ctx.seed);
    const Entry = defineClass(rt, { name: "CacheEntry", kind: "slots", slots: ["key", "value"] });
    ctx.site("lru.py:4 <module>");
    const cache = ctx.global("_lru", rt.newDict());
    const order = new Map<number, true>(); // recency: first = least recently used
    let hits = 0;
    loop(
      rt,
      numParam(params, "operations"),
      () => {
        const k = 1000 + rnd.int(keySpace);
        const key = rt.newInt(k);
        if (order.has(k)) {
          hits++;
          order.delete(k);
          order.set(k, true);
          rt.dictGet(cache, key);
          return;
        }
        if (order.size >= capacity) {
          const oldest = order.keys().next().value as number;
          order.delete(oldest);
          rt.dictDelete(cache, rt.newInt(oldest));
        }
        ctx.site("lru.py:11 compute");
        const entry = rt.newObject(Entry, [key, rt.newBytes(valueBytes)]);
        ctx.site("lru.py:12 store");
        rt.dictSet(cache, key, entry);
        order.set(k, true);
      },
      (d, t) => ctx.progress(d, t),
    );
    ctx.print(`hits ${hits} misses ${numParam(params, "operations") - hits} size ${rt.len(cache)}`);
  },
};
