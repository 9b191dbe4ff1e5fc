/**
 * Issue 8's scale check: fill a heap with `liveMiB` of live objects (lists of 1,000 entries, each a
 * tuple of an int and a 1,000-byte bytes object), then time a full collection and report the time per
 * live megabyte. A copying collector needs room for two copies: its heap limit is twice the live size.
 */
import { Runtime } from "@heaplab/runtime";
import { catalog } from "../../src/catalog";

export interface ScaleResult {
  strategy: string;
  liveMiB: number;
  objects: number;
  buildSeconds: number;
  collectMs: number;
  msPerLiveMiB: number;
}

/** The most a heaplab runtime can address: WebAssembly memory is capped at 4 GiB. */
export const MAX_HEAP = 4 * 1024 * 1024 * 1024 - 8 * 1024 * 1024;

export function scaleHeap(strategy: string, liveMiB: number): ScaleResult {
  const probe = catalog.get(strategy).create({});
  const factor = probe.constraints.movesObjects ? 2.3 : 1.3;
  const limit = Math.min(MAX_HEAP, Math.ceil(liveMiB * factor + 64) * 1024 * 1024);
  const rt = new Runtime(catalog.get(strategy).create({ heapLimit: limit }), { heapLimit: limit });
  const t0 = performance.now();
  const root = rt.persistent(rt.scope(() => rt.newList()));
  let objects = 1;
  const perChunk = 1000;
  while (rt.stats().usedBytes < liveMiB * 1024 * 1024) {
    rt.scope(() => {
      const chunk = rt.newList();
      for (let i = 0; i < perChunk; i++)
        rt.append(chunk, rt.newTuple([rt.newInt(objects + i + 1000), rt.newBytes(1000)]));
      rt.append(root, chunk);
    });
    objects += 1 + 3 * perChunk;
  }
  const buildSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  rt.collect();
  const collectMs = performance.now() - t1;
  const live = rt.stats().usedBytes / (1024 * 1024);
  // Nothing was lost: the last chunk is intact.
  rt.scope(() => {
    const last = rt.getItem(root, -1);
    if (rt.len(last) !== perChunk || rt.len(rt.getItem(rt.getItem(last, 0), 1)) !== 1000)
      throw new Error(`${strategy}: the live heap changed during the collection`);
  });
  return { strategy, liveMiB: live, objects, buildSeconds, collectMs, msPerLiveMiB: collectMs / live };
}
