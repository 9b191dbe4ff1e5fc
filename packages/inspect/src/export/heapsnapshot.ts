import type { Runtime } from "@heaplab/runtime";
import { readStr, WR_OBJECT } from "@heaplab/runtime/internals";
import { edgeLabel } from "../core/edge-label";
import { HeapGraph, type HeapGraphOptions, rootLabel } from "../core/heap-graph";
import { objectIds } from "../core/object-ids";

/** V8's node and edge type tables (`snapshot.meta`), in V8's order: the numbers in the file index them. */
const NODE_TYPES = [
  "hidden",
  "array",
  "string",
  "object",
  "code",
  "closure",
  "regexp",
  "number",
  "native",
  "synthetic",
  "concatenated string",
  "sliced string",
  "symbol",
  "bigint",
  "object shape",
] as const;
const EDGE_TYPES = ["context", "element", "property", "internal", "hidden", "shortcut", "weak"] as const;
const NODE_FIELDS = ["type", "name", "id", "self_size", "edge_count", "trace_node_id", "detachedness"];
const N = NODE_FIELDS.length;
const T_SYNTHETIC = NODE_TYPES.indexOf("synthetic");
const T_OBJECT = NODE_TYPES.indexOf("object");
const T_STRING = NODE_TYPES.indexOf("string");
const E = (t: (typeof EDGE_TYPES)[number]) => EDGE_TYPES.indexOf(t);

/** The three synthetic nodes before the objects, and their even ids (objects get odd ones). */
const ROOT = 0;
const GC_ROOTS = 1;
const HANDLES = 2;
const SYNTHETIC = 3;

/** Longest str value written as a string node's name. */
const MAX_NAME = 1000;

/**
 * The heap as a Chrome DevTools `.heapsnapshot` (V8's format), in chunks to write one after another.
 *
 * Shape: node 0 is the root (synthetic); it has an element edge to `(GC roots)`, which has one to
 * `(Handles)`, which has an element edge per handle slot (named by the slot index) to the object the
 * handle holds; the root also has a `shortcut` edge to each held object so retainer paths read well.
 * Every object is an `object` node named by its type (a str is a `string` node named by its value),
 * its self size is `sys.getsizeof` (header, body, owned storage), and its id is `2 * serial + 1` from
 * `ObjectIds`: odd, stable across snapshots and moving collections, never an address. References are
 * `element` (list, tuple, set positions), `property` (dict values by key, attributes, slots),
 * `internal` (dict keys, a materialised `__dict__`) or `weak` (a weak reference's referent).
 * Keys come in V8's order and `strings` comes last, as DevTools' streaming loader requires.
 *
 * @example
 * writeFileSync("heap.heapsnapshot", [...heapSnapshotChunks(rt)].join(""));
 */
export function* heapSnapshotChunks(rt: Runtime, options: HeapGraphOptions = {}): Generator<string> {
  const g = HeapGraph.build(rt, options);
  const ids = objectIds(rt);
  const strings: string[] = ["<dummy>"];
  const stringIndex = new Map<string, number>();
  const str = (s: string): number => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };
  const nodeIndex = (n: number) => (n + SYNTHETIC) * N;
  const weakTargets = weakReferents(rt, g);
  // One shortcut per held object, named by the first handle slot holding it.
  const shortcutTargets = new Map<number, number>();
  for (let i = 0; i < g.rootNodes.length; i++)
    if (!shortcutTargets.has(g.rootNodes[i]!)) shortcutTargets.set(g.rootNodes[i]!, g.rootSlots[i]!);

  // Edges, grouped by source node in node order (V8 DCHECKs this): the synthetic nodes, then the objects.
  const edges: number[] = [];
  const edgeCounts = new Uint32Array(g.count + SYNTHETIC);
  edges.push(E("element"), 1, GC_ROOTS * N);
  for (const [t, slot] of shortcutTargets) edges.push(E("shortcut"), str(rootLabel(slot)), nodeIndex(t));
  edgeCounts[ROOT] = 1 + shortcutTargets.size;
  edges.push(E("element"), 1, HANDLES * N);
  edgeCounts[GC_ROOTS] = 1;
  for (let i = 0; i < g.rootNodes.length; i++)
    edges.push(E("element"), g.rootSlots[i]!, nodeIndex(g.rootNodes[i]!));
  edgeCounts[HANDLES] = g.rootNodes.length;
  for (let n = 0; n < g.count; n++) {
    const addr = g.addrs[n]!;
    for (let e = g.edgeStart[n]!; e < g.edgeStart[n + 1]!; e++) {
      const l = edgeLabel(rt, addr, g.edgeSlots[e]!);
      const name = l.kind === "element" ? (l.name as number) : str(String(l.name));
      edges.push(E(l.kind), name, nodeIndex(g.edgeTargets[e]!));
    }
    let count = g.edgeStart[n + 1]! - g.edgeStart[n]!;
    const w = weakTargets.get(n);
    if (w !== undefined) {
      edges.push(E("weak"), str("referent"), nodeIndex(w));
      count++;
    }
    edgeCounts[n + SYNTHETIC] = count;
  }

  const meta = {
    node_fields: NODE_FIELDS,
    node_types: [NODE_TYPES, "string", "number", "number", "number", "number", "number"],
    edge_fields: ["type", "name_or_index", "to_node"],
    edge_types: [EDGE_TYPES, "string_or_number", "node"],
    trace_function_info_fields: ["function_id", "name", "script_name", "script_id", "line", "column"],
    trace_node_fields: ["id", "function_info_index", "count", "size", "children"],
    sample_fields: ["timestamp_us", "last_assigned_id"],
    location_fields: ["object_index", "script_id", "line", "column"],
  };
  const header = {
    meta,
    node_count: g.count + SYNTHETIC,
    edge_count: edges.length / 3,
    trace_function_count: 0,
  };
  yield `{"snapshot":${JSON.stringify(header)},\n"nodes":[`;
  const row = (fields: number[]) => fields.join(",");
  yield row([T_SYNTHETIC, str(""), 2, 0, edgeCounts[ROOT]!, 0, 0]);
  yield `,\n${row([T_SYNTHETIC, str("(GC roots)"), 4, 0, edgeCounts[GC_ROOTS]!, 0, 0])}`;
  yield `,\n${row([T_SYNTHETIC, str("(Handles)"), 6, 0, edgeCounts[HANDLES]!, 0, 0])}`;
  let chunk: string[] = [];
  for (let n = 0; n < g.count; n++) {
    const addr = g.addrs[n]!;
    const t = rt.types.get(g.typeIds[n]!);
    const isStr = t.kind === "str";
    const name = isStr ? readStr(rt.memory, addr).slice(0, MAX_NAME) : t.name;
    chunk.push(
      row([
        isStr ? T_STRING : T_OBJECT,
        str(name),
        2 * ids.serial(addr) + 1,
        g.sizes[n]!,
        edgeCounts[n + SYNTHETIC]!,
        0,
        0,
      ]),
    );
    if (chunk.length === 4096) {
      yield `,\n${chunk.join(",\n")}`;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield `,\n${chunk.join(",\n")}`;
  yield `],\n"edges":[`;
  for (let i = 0; i < edges.length; i += 3 * 4096) {
    yield `${i === 0 ? "" : ",\n"}${edges.slice(i, i + 3 * 4096).join(",")}`;
  }
  yield `],\n"trace_function_infos":[],\n"trace_tree":[],\n"samples":[],\n"locations":[],\n"strings":`;
  yield `${JSON.stringify(strings)}}\n`;
}

/** Weak references in the graph whose referent is also in it: weakref node → referent node. */
function weakReferents(rt: Runtime, g: HeapGraph): Map<number, number> {
  const out = new Map<number, number>();
  for (let n = 0; n < g.count; n++) {
    if (rt.types.get(g.typeIds[n]!).kind !== "weakref") continue;
    const target = g.nodeOf(rt.memory.u32[(g.addrs[n]! + WR_OBJECT) >>> 2]!);
    if (target >= 0) out.set(n, target);
  }
  return out;
}

/**
 * The whole `.heapsnapshot` as one string (for small heaps; stream `heapSnapshotChunks` for big ones).
 * @example
 * const json = heapSnapshot(rt);
 */
export function heapSnapshot(rt: Runtime, options: HeapGraphOptions = {}): string {
  return [...heapSnapshotChunks(rt, options)].join("");
}
