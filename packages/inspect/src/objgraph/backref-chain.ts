import type { Handle, Runtime } from "@heaplab/runtime";
import { edgeLabel, formatEdge } from "../core/edge-label";
import { HeapGraph, rootLabel } from "../core/heap-graph";
import { objectIds } from "../core/object-ids";

/**
 * One object on a chain: its type, its stable serial, and how the previous object refers to it.
 * @example
 * const chain = findBackrefChain(rt, leaked);
 * chain.map((s) => s.typeName); // from a root to the leaked object
 */
export interface ChainStep {
  readonly typeName: string;
  /** Stable serial (see `ObjectIds`). */
  readonly id: number;
  /** The reference from the previous step (`['cache']`, `[3]`, `.listeners`); for the first step, the handle slot. */
  readonly via: string;
}

/**
 * `objgraph.find_backref_chain(obj, is_root)`: the shortest chain of strong references from a root (an
 * object a handle holds) to `h`'s object, root first. Handles on the object itself (such as `h`) are
 * only used if no other root reaches it. Empty if the object is unreachable or None.
 * @example
 * formatChain(findBackrefChain(rt, leaked)); // "handle #3 -> dict ['cache'] -> list [7] -> bytes"
 */
export function findBackrefChain(
  rt: Runtime,
  h: Handle,
  g: HeapGraph = HeapGraph.build(rt),
  rootNames: ReadonlyMap<number, string> = new Map(),
): ChainStep[] {
  const target = g.nodeOf(rt.addressOf(h));
  return target < 0 ? [] : backrefChainOfNode(rt, g, target, rootNames);
}

/**
 * `findBackrefChain` for node `target` of graph `g` (the graph must be fresh: no allocation since).
 * `rootNames` names handle slots (a workload's globals); other roots read `handle #slot`.
 * @example
 * const g = HeapGraph.build(rt);
 * backrefChainOfNode(rt, g, g.nodeOf(rt.addressOf(h)), new Map([[slot, "_cache"]]));
 */
export function backrefChainOfNode(
  rt: Runtime,
  g: HeapGraph,
  target: number,
  rootNames: ReadonlyMap<number, string> = new Map(),
): ChainStep[] {
  const { predStart, preds, predEdges } = g.reverse();
  // Breadth-first over reverse edges; `via[n]` is the edge from n towards the target (-1 = none yet).
  const via = new Int32Array(g.count).fill(-1);
  const next = new Int32Array(g.count).fill(-1);
  const queue = [target];
  via[target] = -2;
  let found = -1;
  for (let q = 0; q < queue.length && found < 0; q++) {
    const n = queue[q]!;
    // The handle the caller passes holds the target itself; like objgraph, which ignores the caller's
    // own frame, look for another root first and fall back to the target's handle below.
    if (g.isRoot(n) && n !== target) {
      found = n;
      break;
    }
    for (let i = predStart[n]!; i < predStart[n + 1]!; i++) {
      const p = preds[i]!;
      if (via[p] !== -1) continue;
      via[p] = predEdges[i]!;
      next[p] = n;
      queue.push(p);
    }
  }
  if (found < 0 && g.isRoot(target)) found = target;
  if (found < 0) return [];
  const ids = objectIds(rt);
  const steps: ChainStep[] = [];
  let slot = -1;
  // Of the handles holding the root object, prefer a named one (a global).
  for (let i = 0; i < g.rootNodes.length; i++) {
    if (g.rootNodes[i] !== found || rootNames.has(slot)) continue;
    slot = g.rootSlots[i]!;
  }
  let via0 = rootNames.get(slot) ?? rootLabel(slot);
  for (let n = found; n >= 0; n = next[n]!) {
    const t = rt.types.get(g.typeIds[n]!);
    steps.push({ typeName: t.name, id: ids.serial(g.addrs[n]!), via: via0 });
    if (n === target) break;
    const e = via[n]!;
    via0 = formatEdge(edgeLabel(rt, g.addrs[n]!, g.edgeSlots[e]!), t.kind);
  }
  return steps;
}

/**
 * The chain as one line: `handle #3 -> dict ['cache'] -> list [7] -> bytes`.
 * @example
 * formatChain(findBackrefChain(rt, h));
 */
export function formatChain(steps: readonly ChainStep[]): string {
  return steps.map((s) => `${s.via} -> ${s.typeName}`).join(" ");
}

/**
 * The chain as the Python expression that reaches the object from its root: the root's name, then each
 * reference as source writes it. A root that is a module's globals dict (named `globals()`) is left
 * out, so its first key reads as the global's name: `handlers[3].__closure__[0].cell_contents`.
 * @example
 * formatAccessPath(chain); // "handlers[3].__closure__[0].cell_contents"
 */
export function formatAccessPath(steps: readonly ChainStep[]): string {
  if (steps.length === 0) return "";
  const global = /^\['(.*)'\]$/.exec(steps[1]?.via ?? "");
  if (steps[0]!.via === MODULE_GLOBALS && global !== null)
    return [global[1], ...steps.slice(2).map((s) => s.via)].join("");
  return steps.map((s) => s.via).join("");
}

/**
 * The root name that marks a module's globals dict (see `formatAccessPath`).
 * @example
 * if (chain[0]?.via === MODULE_GLOBALS) console.log("held by a global");
 */
export const MODULE_GLOBALS = "globals()";
