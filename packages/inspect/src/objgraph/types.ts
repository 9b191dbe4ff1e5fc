import type { Handle, Runtime } from "@heaplab/runtime";
import { HeapGraph } from "../core/heap-graph";

/**
 * A type name and how many live objects have it.
 * @example
 * for (const [name, count] of mostCommonTypes(rt, 5)) console.log(name, count);
 */
export type TypeCount = readonly [name: string, count: number];
/**
 * A type name, its live count now, and how much it grew since the previous peak.
 * @example
 * for (const [name, count, delta] of growth(rt)) console.log(name, count, `+${delta}`);
 */
export type TypeGrowth = readonly [name: string, count: number, delta: number];

/**
 * Live (reachable) objects per type name.
 * @example
 * typeStats(rt).get("list"); // 3
 */
export function typeStats(rt: Runtime, g: HeapGraph = HeapGraph.build(rt)): Map<string, number> {
  const byId = new Map<number, number>();
  for (let n = 0; n < g.count; n++) byId.set(g.typeIds[n]!, (byId.get(g.typeIds[n]!) ?? 0) + 1);
  const out = new Map<string, number>();
  for (const [id, c] of byId) {
    const name = rt.types.get(id).name;
    out.set(name, (out.get(name) ?? 0) + c);
  }
  return out;
}

/**
 * `objgraph.most_common_types(limit)`: the most numerous types among live objects, most first (ties by
 * name).
 * @example
 * mostCommonTypes(rt, 3); // [["int", 1000], ["list", 12], ["dict", 3]]
 */
export function mostCommonTypes(rt: Runtime, limit = 10): TypeCount[] {
  return [...typeStats(rt)]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, limit);
}

/**
 * `objgraph.show_most_common_types()` as text: `name count` lines, names padded to one width.
 * @example
 * formatMostCommonTypes([["int", 2], ["dict", 1]]); // "int  2\ndict 1"
 */
export function formatMostCommonTypes(rows: readonly TypeCount[]): string {
  const w = Math.max(0, ...rows.map((r) => r[0].length));
  return rows.map(([name, c]) => `${name.padEnd(w)} ${c}`).join("\n");
}

const peaks = new WeakMap<Runtime, Map<string, number>>();

/**
 * `objgraph.growth(limit)`: the types whose live count rose above the highest count seen by earlier
 * calls on this runtime, with the rise; the peaks then move up. The first call reports every type.
 * @example
 * growth(rt); leakOnce(); growth(rt); // [["Leaky", 11, 1]]
 */
export function growth(rt: Runtime, limit = 10): TypeGrowth[] {
  let peak = peaks.get(rt);
  if (peak === undefined) {
    peak = new Map();
    peaks.set(rt, peak);
  }
  const out: TypeGrowth[] = [];
  for (const [name, count] of typeStats(rt)) {
    const old = peak.get(name) ?? 0;
    if (count > old) {
      out.push([name, count, count - old]);
      peak.set(name, count);
    }
  }
  return out.sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, limit);
}

/**
 * `objgraph.show_growth()` as text: `name count +delta` in aligned columns (`%-*s%9d %+9d`).
 * @example
 * formatGrowth([["int", 5, 3]]); // "int        5        +3"
 */
export function formatGrowth(rows: readonly TypeGrowth[]): string {
  const w = Math.max(0, ...rows.map((r) => r[0].length));
  return rows
    .map(([name, c, d]) => `${name.padEnd(w)}${String(c).padStart(9)} ${`+${d}`.padStart(9)}`)
    .join("\n");
}

/**
 * `objgraph.by_type(name)`: handles (in the current scope) to every live object of that type, in
 * breadth-first order from the roots.
 * @example
 * rt.scope(() => byType(rt, "Leaky").length);
 */
export function byType(rt: Runtime, typeName: string): Handle[] {
  const g = HeapGraph.build(rt);
  const addrs: number[] = [];
  for (let n = 0; n < g.count; n++)
    if (rt.types.get(g.typeIds[n]!).name === typeName) addrs.push(g.addrs[n]!);
  // Making handles allocates nothing on the heap, so the addresses stay valid while we do it.
  return addrs.map((a) => rt.handles.create(a, false));
}
