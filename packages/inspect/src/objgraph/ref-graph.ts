import type { Handle, Runtime } from "@heaplab/runtime";
import { DICT_USED, OB_SIZE, readFloat, readInt, readStr, SET_USED } from "@heaplab/runtime/internals";
import { edgeLabel, formatEdge } from "../core/edge-label";
import { HeapGraph } from "../core/heap-graph";
import { objectIds } from "../core/object-ids";

/**
 * A drawn object: stable id, label lines, how far from the start objects, and whether it is a start.
 * @example
 * graph.nodes.filter((n) => n.root).map((n) => n.label); // the roots the walk reached
 */
export interface RefNode {
  readonly id: number;
  readonly typeName: string;
  readonly label: string;
  readonly depth: number;
  readonly start: boolean;
  readonly root: boolean;
  /** The name of the handle that holds a root (a global's name, `globals()`), when the caller named it. */
  readonly rootName?: string;
}

/**
 * A drawn reference, from owner to referent, with its label (`[3]`, `['key']`, `.attr`).
 * @example
 * for (const e of graph.edges) console.log(`${e.from} -[${e.label}]-> ${e.to}`);
 */
export interface RefEdge {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

/**
 * The part of the heap `show_refs`/`show_backrefs` draws.
 * @example
 * const graph = refGraph(rt, [obj], "backrefs", { maxDepth: 5 });
 * writeFileSync("backrefs.dot", toDot(graph));
 */
export interface RefGraph {
  readonly nodes: readonly RefNode[];
  readonly edges: readonly RefEdge[];
  /** References left out because an object had more than `tooMany` (objgraph's "N more"). */
  readonly omitted: number;
}

/**
 * Options of `refGraph`.
 * @example
 * refGraph(rt, [obj], "refs", { maxDepth: 3, tooMany: 20 });
 */
export interface RefGraphOptions {
  /** Levels of references to follow from the start objects. Default 3. */
  maxDepth?: number;
  /** At most this many references per object are followed. Default 10. */
  tooMany?: number;
  /** Handle slot → name (a workload's globals, a module's `globals()`), to name the roots drawn. */
  rootNames?: ReadonlyMap<number, string>;
}

/**
 * The objects within `maxDepth` references of the start objects: forwards (what they refer to,
 * `show_refs`) or backwards (what refers to them, `show_backrefs`, stopping at roots).
 * @example
 * const g = refGraph(rt, [h], "backrefs", { maxDepth: 4 });
 */
export function refGraph(
  rt: Runtime,
  starts: readonly Handle[],
  direction: "refs" | "backrefs",
  options: RefGraphOptions = {},
): RefGraph {
  const g = HeapGraph.build(rt);
  const nodes = starts.map((h) => g.nodeOf(rt.addressOf(h))).filter((n) => n >= 0);
  return refGraphOfNodes(rt, g, nodes, direction, options);
}

/**
 * `refGraph` from nodes of a graph already walked (no allocation since): what `objgraph.show_backrefs`
 * draws for an object found by a walk (the newest instance of a type that grew), not held by a handle.
 * @example
 * const g = HeapGraph.build(rt);
 * refGraphOfNodes(rt, g, [newestInstanceNode(rt, g, "bytes")], "backrefs", { rootNames });
 */
export function refGraphOfNodes(
  rt: Runtime,
  g: HeapGraph,
  startNodes: readonly number[],
  direction: "refs" | "backrefs",
  options: RefGraphOptions = {},
): RefGraph {
  const maxDepth = options.maxDepth ?? 3;
  const tooMany = options.tooMany ?? 10;
  const rev = direction === "backrefs" ? g.reverse() : undefined;
  const ids = objectIds(rt);
  const depth = new Map<number, number>();
  const queue: number[] = [];
  for (const n of startNodes) {
    if (n >= 0 && n < g.count && !depth.has(n)) {
      depth.set(n, 0);
      queue.push(n);
    }
  }
  const startSet = new Set(queue);
  const edges: RefEdge[] = [];
  let omitted = 0;
  const nodeLabel = (n: number) => labelOf(rt, g.addrs[n]!);
  // Breadth-first: every node in `depth` is drawn; nodes at maxDepth are drawn but not expanded.
  for (let q = 0; q < queue.length; q++) {
    const n = queue[q]!;
    const d = depth.get(n)!;
    if (d >= maxDepth || (direction === "backrefs" && g.isRoot(n) && !startSet.has(n))) continue;
    const pairs: [src: number, dst: number, edge: number][] = [];
    if (rev === undefined) {
      for (let e = g.edgeStart[n]!; e < g.edgeStart[n + 1]!; e++) pairs.push([n, g.edgeTargets[e]!, e]);
    } else {
      for (let i = rev.predStart[n]!; i < rev.predStart[n + 1]!; i++)
        pairs.push([rev.preds[i]!, n, rev.predEdges[i]!]);
    }
    if (pairs.length > tooMany) omitted += pairs.length - tooMany;
    for (const [src, dst, e] of pairs.slice(0, tooMany)) {
      const other = rev === undefined ? dst : src;
      const srcAddr = g.addrs[src]!;
      edges.push({
        from: ids.serial(srcAddr),
        to: ids.serial(g.addrs[dst]!),
        label: formatEdge(edgeLabel(rt, srcAddr, g.edgeSlots[e]!), rt.model.typeOf(srcAddr).kind),
      });
      if (!depth.has(other)) {
        depth.set(other, d + 1);
        queue.push(other);
      }
    }
  }
  const names = options.rootNames ?? new Map<number, string>();
  const rootName = new Map<number, string>();
  for (let i = 0; i < g.rootNodes.length; i++) {
    const name = names.get(g.rootSlots[i]!);
    if (name !== undefined && !rootName.has(g.rootNodes[i]!)) rootName.set(g.rootNodes[i]!, name);
  }
  const nodes = queue.map((n) => {
    const name = rootName.get(n);
    return {
      id: ids.serial(g.addrs[n]!),
      typeName: rt.types.get(g.typeIds[n]!).name,
      label: nodeLabel(n),
      depth: depth.get(n)!,
      start: startSet.has(n),
      root: g.isRoot(n),
      ...(name === undefined ? {} : { rootName: name }),
    };
  });
  return { nodes, edges, omitted };
}

/** objgraph's node label: the type, then a short description (`3 items`, a str's value, an int). */
function labelOf(rt: Runtime, addr: number): string {
  const t = rt.model.typeOf(addr);
  const m = rt.memory;
  switch (t.kind) {
    case "str": {
      const s = readStr(m, addr);
      return `str\n${s.length > 24 ? `${s.slice(0, 21)}...` : s}`;
    }
    case "int":
      return `int\n${readInt(m, addr)}`;
    case "float":
      return `float\n${readFloat(m, addr)}`;
    case "bytes":
      return `bytes\n${m.u32[(addr + OB_SIZE) >>> 2]} bytes`;
    case "list":
    case "tuple":
    case "dict":
    case "set": {
      const off = t.kind === "dict" ? DICT_USED : t.kind === "set" ? SET_USED : OB_SIZE;
      const n = m.u32[(addr + off) >>> 2]!;
      return `${t.name}\n${n} ${n === 1 ? "item" : "items"}`;
    }
    default:
      return t.name;
  }
}
