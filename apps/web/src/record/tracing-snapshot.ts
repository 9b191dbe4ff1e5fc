import type { Runtime } from "@heaplab/runtime";

/**
 * One tracing collection of a small heap, as the collector ran it: the heap at its `gc-start` (every
 * object, its block address, generation and age, its references to the others, whether a handle holds
 * it) and what the collector then did, read from its own hooks — the order its marking reached objects
 * (`reach`) or its copying moved them (`move`, Cheney's breadth-first order), each object's forwarding
 * address (`move`), the objects it freed (`free`), and each survivor's generation and age at `gc-end`
 * (`Strategy.generationOf`/`ageOf`). Nothing here is computed by the lab.
 */
export interface TracingSnapshot {
  kind: "tracing";
  /** Collections started before this one (its 0-based position in the run). */
  index: number;
  generation: number;
  /** The recording's event count when it started (replaced by the gc-start row when the recording is known). */
  atEvent: number;
  typeNames: string[];
  /** Block addresses (the object's address minus the strategy's header), as the recording's rows give them. */
  addrs: number[];
  bytes: number[];
  /** Generation and age at the start. */
  genBefore: number[];
  ageBefore: number[];
  /** 1 when a handle (a program variable, a global) holds the object: where tracing starts. */
  root: number[];
  /** Edges as index pairs: `edges[2k]` refers to `edges[2k + 1]`, in `ObjectModel.scan`'s order. */
  edges: number[];
  /** Object indices in the order the collection reached them (marked, or copied). */
  reachOrder: number[];
  /** 1 when the object was reached by being copied (a copying collector's trace), 0 when marked. */
  copied: number[];
  /** The block address after the collection: the forwarding address of a moved object, its own otherwise. */
  newAddrs: number[];
  /** 1 when the collection freed the object. */
  freed: number[];
  /** Generation and age at the end (survivors; the start's values for the freed). */
  genAfter: number[];
  ageAfter: number[];
  /** What the collector reported at its end (objects found dead), -1 before the end. */
  collected: number;
}

/**
 * Captures the collections of a tracing strategy whose heap holds at most `maxObjects` objects at their
 * start (the first `maxCollections` of them), from the event stream's `gc-start`/`gc-end` events and
 * its `reach`, `move` and `free` hooks. Strategies without `generationOf` (the reference-counting ones,
 * which have `gc` callbacks instead) give none. Reading the heap at `gc-start` allocates nothing.
 *
 * @example
 * const snaps = captureTracingCollections(rt, () => recorder.length);
 * program(rt);
 * snaps.list; // one TracingSnapshot per small collection
 */
export function captureTracingCollections(
  rt: Runtime,
  position: () => number,
  options: { maxObjects?: number; maxCollections?: number } = {},
): { list: TracingSnapshot[]; stop(): void } {
  const list: TracingSnapshot[] = [];
  const s = rt.strategy;
  const generationOf = s.generationOf?.bind(s);
  const ageOf = s.ageOf?.bind(s) ?? (() => 0);
  if (generationOf === undefined || s.gc !== undefined) return { list, stop() {} };
  const maxObjects = options.maxObjects ?? 3000;
  const maxCollections = options.maxCollections ?? 40;
  let started = 0;
  let open: TracingSnapshot | null = null;
  /** Object address → index in `open`, at the collection's start. */
  let at = new Map<number, number>();
  let prefixOf: number[] = [];

  function take(generation: number): TracingSnapshot | null {
    // The strategy's own count first: a big heap is not walked at every collection (recording cost).
    if (s.stats().liveObjects > maxObjects) return null;
    const objects: number[] = [];
    let tooMany = false;
    s.forEachObject((o) => {
      if (objects.length >= maxObjects) tooMany = true;
      else objects.push(o);
    });
    if (tooMany) return null;
    at = new Map(objects.map((o, i) => [o, i]));
    const edges: number[] = [];
    const u32 = rt.memory.u32;
    let from = 0;
    const visitor = {
      visit(slot: number): void {
        const j = at.get(u32[slot >>> 2]!);
        if (j !== undefined) edges.push(from, j);
      },
    };
    objects.forEach((o, i) => {
      from = i;
      rt.model.scan(o, visitor, "dealloc");
    });
    const root = objects.map(() => 0);
    rt.handles.forEachRoot((slot) => {
      const i = at.get(rt.handles.addrs[slot]!);
      if (i !== undefined) root[i] = 1;
    });
    const types = objects.map((o) => rt.model.typeOf(o));
    prefixOf = types.map((t) => s.prefixBytes(t));
    const addrs = objects.map((o, i) => o - prefixOf[i]!);
    const genBefore = objects.map((o) => generationOf!(o));
    const ageBefore = objects.map((o) => ageOf(o));
    return {
      kind: "tracing",
      index: started - 1,
      generation,
      atEvent: Math.max(0, position() - 1),
      typeNames: types.map((t) => t.name),
      addrs,
      bytes: objects.map((o, i) => prefixOf[i]! + rt.model.bodyBytesOf(types[i]!, o)),
      genBefore,
      ageBefore,
      root,
      edges,
      reachOrder: [],
      copied: objects.map(() => 0),
      newAddrs: addrs.slice(),
      freed: objects.map(() => 0),
      genAfter: genBefore.slice(),
      ageAfter: ageBefore.slice(),
      collected: -1,
    };
  }

  /** Reached for the first time: a mark, or a copy. */
  const reached = new Set<number>();
  function reach(i: number, byCopy: boolean): void {
    if (open === null || reached.has(i)) return;
    reached.add(i);
    open.reachOrder.push(i);
    if (byCopy) open.copied[i] = 1;
  }

  const offEvents = rt.events.on((e) => {
    if (e.type === "gc-start") {
      started++;
      open = list.length < maxCollections ? take(e.generation) : null;
      reached.clear();
      if (open !== null) list.push(open);
    } else if (e.type === "gc-end" && open !== null) {
      const snap = open;
      snap.collected = e.collected;
      for (let i = 0; i < snap.addrs.length; i++) {
        if (snap.freed[i]) continue;
        const obj = snap.newAddrs[i]! + prefixOf[i]!;
        snap.genAfter[i] = generationOf!(obj);
        snap.ageAfter[i] = ageOf(obj);
      }
      open = null;
    }
  });
  const offHooks = rt.events.onAllocation({
    reach(obj) {
      if (open === null) return;
      const i = at.get(obj);
      if (i !== undefined) reach(i, false);
    },
    move(from, to) {
      if (open === null) return;
      const i = at.get(from);
      if (i === undefined) return;
      reach(i, true);
      open.newAddrs[i] = to - prefixOf[i]!;
    },
    free(obj) {
      if (open === null) return;
      const i = at.get(obj);
      if (i !== undefined) open.freed[i] = 1;
    },
  });
  return {
    list,
    stop() {
      offEvents();
      offHooks();
    },
  };
}
