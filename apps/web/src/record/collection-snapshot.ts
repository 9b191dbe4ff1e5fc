import type { Runtime } from "@heaplab/runtime";

/**
 * The objects one `cpython-3.11` collection examined, captured from `gc.callbacks` at its start:
 * every object tracked in generations 0..g, its reference count, and its references to the others
 * (`gc.get_referents`, one entry per reference, so a list holding x twice gives two edges).
 */
export interface CollectionSnapshot {
  kind: "cpython";
  /** Collections started before this one (its 0-based position in the run). */
  index: number;
  generation: number;
  /** The recording's event count when it started (the timeline's position of its gc-start). */
  atEvent: number;
  typeNames: string[];
  /** Block addresses (the object's address minus the strategy's header), as the recording's rows give them. */
  addrs: number[];
  refcounts: number[];
  /** Edges as index pairs: `edges[2k]` refers to `edges[2k + 1]`. */
  edges: number[];
  /** What the collector itself reported at its end (`gc.collect()`'s number), -1 before the end. */
  collected: number;
}

/**
 * Captures the collections of a run whose examined generations hold at most `maxObjects` objects
 * (the first `maxCollections` of them), through the `gc` module's `callbacks`, for strategies that
 * model CPython's `gc` (others give none). Reading the heap at a callback allocates nothing.
 *
 * @example
 * const snaps = captureCollections(rt, () => recorder.length);
 * program(rt);
 * snaps.list; // one CollectionSnapshot per small collection
 */
export function captureCollections(
  rt: Runtime,
  position: () => number,
  options: { maxObjects?: number; maxCollections?: number } = {},
): { list: CollectionSnapshot[]; stop(): void } {
  const list: CollectionSnapshot[] = [];
  const gc = rt.strategy.gc;
  const refcount = rt.strategy.refcount?.bind(rt.strategy);
  if (gc === undefined || refcount === undefined) return { list, stop() {} };
  const maxObjects = options.maxObjects ?? 1500;
  const maxCollections = options.maxCollections ?? 40;
  let started = 0;
  let open: CollectionSnapshot | null = null;
  const cb = (phase: "start" | "stop", info: { generation: number; collected: number }): void => {
    if (phase === "stop") {
      if (open !== null) open.collected = info.collected;
      open = null;
      return;
    }
    const index = started++;
    if (list.length >= maxCollections) return;
    const objects: number[] = [];
    for (let g = 0; g <= info.generation; g++) {
      for (const o of gc.getObjects(g)) objects.push(o);
      if (objects.length > maxObjects) return;
    }
    const at = new Map(objects.map((o, i) => [o, i]));
    const edges: number[] = [];
    objects.forEach((o, i) => {
      for (const r of gc.getReferents(o)) {
        const j = at.get(r);
        if (j !== undefined) edges.push(i, j);
      }
    });
    open = {
      kind: "cpython",
      index,
      generation: info.generation,
      atEvent: Math.max(0, position() - 1), // the gc-start row, emitted just before the callbacks
      typeNames: objects.map((o) => rt.model.typeOf(o).name),
      addrs: objects.map((o) => o - rt.strategy.prefixBytes(rt.model.typeOf(o))),
      refcounts: objects.map((o) => refcount(o)),
      edges,
      collected: -1,
    };
    list.push(open);
  };
  gc.callbacks.push(cb);
  return {
    list,
    stop() {
      const i = gc.callbacks.indexOf(cb);
      if (i >= 0) gc.callbacks.splice(i, 1);
    },
  };
}
