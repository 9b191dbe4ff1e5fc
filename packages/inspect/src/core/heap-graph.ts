import type { Runtime } from "@heaplab/runtime";
import { objectSize } from "./object-size";

/**
 * What `HeapGraph.build` includes.
 * @example
 * summarize(rt, { includeUnreachable: true }); // also what the strategy holds but no root reaches
 */
export interface HeapGraphOptions {
  /**
   * Also include objects the strategy still holds but no root reaches (garbage not yet collected; under
   * `none`, every dead object). Default false: the graph is what the program can still reach, which is
   * the same under every strategy.
   */
  includeUnreachable?: boolean;
}

/**
 * The bit that marks a root slot as a shadow-stack entry (`STACK_ROOT + index`) rather than a handle slot.
 * @example
 * const fromStack = g.rootSlots[i]! >= STACK_ROOT;
 */
export const STACK_ROOT = 0x80000000;

/**
 * How a root slot reads in a chain or a snapshot: `handle #3` or `shadow-stack entry 5`.
 * @example
 * rootLabel(3); // "handle #3"
 * rootLabel(STACK_ROOT + 5); // "shadow-stack entry 5"
 */
export function rootLabel(slot: number): string {
  return slot >= STACK_ROOT ? `shadow-stack entry ${slot - STACK_ROOT}` : `handle #${slot}`;
}

/**
 * One walk of the heap, frozen into typed arrays: the objects (nodes, numbered in breadth-first order
 * from the roots), their strong references (edges, grouped by source in compressed sparse rows) and the
 * handle slots and shadow-stack entries that hold them (roots).
 *
 * Addresses in a graph are valid only until the next allocation; tools turn what they need into serial
 * numbers or handles before returning.
 *
 * @example
 * const g = HeapGraph.build(rt);
 * for (let n = 0; n < g.count; n++) console.log(rt.types.get(g.typeIds[n]!).name, g.sizes[n]);
 */
export class HeapGraph {
  private constructor(
    /** Objects in the graph. Nodes `0 .. reachableCount - 1` are reachable from a root. */
    readonly count: number,
    readonly reachableCount: number,
    /** Node → object address. */
    readonly addrs: Uint32Array,
    /** Node → type id. */
    readonly typeIds: Uint32Array,
    /** Node → `sys.getsizeof` (header + body + owned storage). */
    readonly sizes: Float64Array,
    /** Node `n`'s edges are `edgeStart[n] .. edgeStart[n + 1] - 1`. */
    readonly edgeStart: Uint32Array,
    /** Edge → target node. */
    readonly edgeTargets: Uint32Array,
    /** Edge → address of the word holding the reference (to name it: `edgeLabel`). */
    readonly edgeSlots: Uint32Array,
    /** Handle slot indexes holding an object, and the node each holds. */
    readonly rootSlots: Uint32Array,
    readonly rootNodes: Uint32Array,
    private readonly index: Map<number, number>,
  ) {}

  private rootFlags: Uint8Array | undefined;

  /** The node of the object at `addr`, or -1 if it is not in the graph. */
  nodeOf(addr: number): number {
    return this.index.get(addr) ?? -1;
  }

  /**
   * Walks the heap: breadth-first from every handle, following `ObjectModel.scan` (strong references
   * only), then (if asked) the unreachable objects in the strategy's own order.
   */
  static build(rt: Runtime, options: HeapGraphOptions = {}): HeapGraph {
    const index = new Map<number, number>();
    const order: number[] = [];
    const add = (addr: number): number => {
      let n = index.get(addr);
      if (n === undefined) {
        n = order.length;
        index.set(addr, n);
        order.push(addr);
      }
      return n;
    };
    const rootSlots: number[] = [];
    const rootNodes: number[] = [];
    const addrs = rt.handles.addrs;
    rt.handles.forEachRoot((slot) => {
      rootSlots.push(slot);
      rootNodes.push(add(addrs[slot]!));
    });
    // The shadow stack is the other half of the root set (`rt.stack`, compiled code's temporaries): an
    // object only it holds is reachable, and its chain starts at the stack entry.
    rt.handles.stack.forEachRoot((words, i) => {
      rootSlots.push(STACK_ROOT + i);
      rootNodes.push(add(words[i]!));
    });
    const edgeStart: number[] = [];
    const targets: number[] = [];
    const slots: number[] = [];
    const u32 = rt.memory.u32;
    const visitor = {
      visit(slot: number) {
        slots.push(slot);
        targets.push(add(u32[slot >>> 2]!));
      },
    };
    // "dealloc" order visits every strong reference; "traverse" (tp_traverse) skips the str keys of a
    // unicode dict table, which are references all the same.
    // Invariant: nodes before `next` have their edges recorded; the queue is `order[next ..]`.
    let next = 0;
    const drain = () => {
      for (; next < order.length; next++) {
        edgeStart.push(targets.length);
        rt.model.scan(order[next]!, visitor, "dealloc");
      }
    };
    drain();
    const reachableCount = order.length;
    if (options.includeUnreachable === true) {
      rt.strategy.forEachObject((obj) => {
        add(obj);
      });
      drain();
    }
    edgeStart.push(targets.length);
    const count = order.length;
    const typeIds = new Uint32Array(count);
    const sizes = new Float64Array(count);
    for (let n = 0; n < count; n++) {
      typeIds[n] = rt.model.typeId(order[n]!);
      sizes[n] = objectSize(rt, order[n]!);
    }
    return new HeapGraph(
      count,
      reachableCount,
      Uint32Array.from(order),
      typeIds,
      sizes,
      Uint32Array.from(edgeStart),
      Uint32Array.from(targets),
      Uint32Array.from(slots),
      Uint32Array.from(rootSlots),
      Uint32Array.from(rootNodes),
      index,
    );
  }

  /** The reverse edges: `predStart[n] .. predStart[n + 1] - 1` index `preds` (source nodes) and `predEdges`. */
  reverse(): { predStart: Uint32Array; preds: Uint32Array; predEdges: Uint32Array } {
    const n = this.count;
    const predStart = new Uint32Array(n + 1);
    for (let e = 0; e < this.edgeTargets.length; e++) predStart[this.edgeTargets[e]! + 1]!++;
    for (let i = 0; i < n; i++) predStart[i + 1]! += predStart[i]!;
    const fill = predStart.slice(0, n);
    const preds = new Uint32Array(this.edgeTargets.length);
    const predEdges = new Uint32Array(this.edgeTargets.length);
    for (let src = 0; src < n; src++) {
      for (let e = this.edgeStart[src]!; e < this.edgeStart[src + 1]!; e++) {
        const at = fill[this.edgeTargets[e]!]!++;
        preds[at] = src;
        predEdges[at] = e;
      }
    }
    return { predStart, preds, predEdges };
  }

  /** Whether node `n` is held directly by a handle. */
  isRoot(n: number): boolean {
    if (this.rootFlags === undefined) {
      this.rootFlags = new Uint8Array(this.count);
      for (const r of this.rootNodes) this.rootFlags[r] = 1;
    }
    return this.rootFlags[n] === 1;
  }
}
