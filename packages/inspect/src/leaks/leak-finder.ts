import type { Runtime, Strategy } from "@heaplab/runtime";
import { HeapGraph } from "../core/heap-graph";
import { objectIds } from "../core/object-ids";
import { backrefChainOfNode, type ChainStep, formatChain } from "../objgraph/backref-chain";
import { typeStats } from "../objgraph/types";
import type { StatisticDiff } from "../tracemalloc/snapshot";
import { formatHeldUnreachable, type HeldUnreachable, heldUnreachable } from "./held-unreachable";
import { type InspectableWorkload, tracedRun } from "./workload-run";

/**
 * A type whose live count grew between the run and the run twice as long.
 * @example
 * const row: TypeGrowthRow = { type: "dict", count: 200, countDiff: 100, size: 46400, sizeDiff: 23200 };
 */
export interface TypeGrowthRow {
  readonly type: string;
  readonly count: number;
  readonly countDiff: number;
  readonly size: number;
  readonly sizeDiff: number;
}

/**
 * What `findLeaks` found.
 * @example
 * const report = findLeaks(workload, () => createRefcountStrategy());
 * console.log(report.liveBytes, formatLeakReport(report));
 */
export interface LeakReport {
  readonly workload: string;
  /** Iterations of the first run (the second ran twice as many). */
  readonly iterations: number;
  /** Reachable bytes after each run. */
  readonly liveBytes: readonly [number, number];
  /** Bytes allocated for objects during each run. */
  readonly allocatedBytes: readonly [number, number];
  /**
   * Of the bytes the extra iterations allocated, the fraction still reachable at the end
   * (`Δ live / Δ allocated`): about 1 when each iteration keeps what it makes, 0 when it keeps nothing.
   */
  readonly retention: number;
  /** Whether the growth is a leak: something grew and `retention` reached the threshold. */
  readonly leaking: boolean;
  /** Types whose live count grew, most bytes grown first (empty when not leaking). */
  readonly types: readonly TypeGrowthRow[];
  /**
   * objgraph's `show_growth` from the first run to the second, whatever the verdict: a fixed cache that
   * fills up grows a little too, and seeing it is how a reader learns the verdict's threshold.
   */
  readonly growth: readonly TypeGrowthRow[];
  /** Allocation sites whose live objects grew (tracemalloc `compare_to(..., "lineno")`), biggest first. */
  readonly sites: readonly StatisticDiff[];
  /** The reference chain from a root (named by its global) to the newest instance of the top type. */
  readonly chain: readonly ChainStep[];
  /**
   * After the first run: objects the strategy still holds that the program no longer reaches (reference
   * cycles under reference counting alone, everything dead under `none`). They do not grow with the
   * iterations of a workload that makes a fixed number of them, so the growth verdict cannot see them.
   */
  readonly unreachable: HeldUnreachable;
}

/**
 * Options of `findLeaks`.
 * @example
 * findLeaks(getWorkload("leak-listener"), () => createRefcountStrategy(), { iterations: 200 });
 */
export interface LeakFinderOptions {
  /** Iterations of the first run (default: the workload's own `iterations` parameter). */
  iterations?: number;
  /**
   * Smallest `retention` reported as a leak (default 0.5). A fix that still keeps a little per
   * iteration (a handler whose closure now holds a dead weak reference) stays below it; a leak keeps
   * about everything it makes.
   */
  minRetention?: number;
  /** Bytes the heap may hold. */
  heapLimit?: number;
}

/**
 * The leak finder: runs the workload, then runs it again for twice as many iterations, each on a fresh
 * runtime under the same strategy with tracemalloc started; collects after each; and compares what stays
 * reachable. Types and allocation sites that grew with the iterations are reported, with the backreference
 * chain of the newest instance of the type that grew most, starting at the global that holds it.
 *
 * The verdict: growth is a leak when the extra iterations keep at least `minRetention` of the bytes they
 * allocate. Under `none` nothing is ever freed, so weak references are never cleared: a fix that relies on
 * them (a `WeakSet` registry) may still show growth there.
 *
 * @example
 * const r = findLeaks(getWorkload("leak-global-cache"), () => createRefcountStrategy(), { iterations: 100 });
 * formatLeakReport(r); // "... _cache -> list [199] -> Record .payload -> bytes"
 */
export function findLeaks(
  w: InspectableWorkload,
  createStrategy: () => Strategy,
  options: LeakFinderOptions = {},
): LeakReport {
  const base = options.iterations ?? Number(w.params.iterations ?? 100);
  if (!Number.isInteger(base) || base < 1)
    throw new RangeError(`iterations must be a positive integer, got ${base}`);
  const a = tracedRun(w, createStrategy, { iterations: base }, options.heapLimit);
  const b = tracedRun(w, createStrategy, { iterations: 2 * base }, options.heapLimit);
  const ga = HeapGraph.build(a.rt);
  const gb = HeapGraph.build(b.rt);
  const sa = a.tracer.snapshotOf(ga);
  const sb = b.tracer.snapshotOf(gb);
  const live = (g: HeapGraph) => g.sizes.reduce((x, y) => x + y, 0);
  const liveBytes: [number, number] = [live(ga), live(gb)];
  const allocated = b.allocatedBytes - a.allocatedBytes;
  const retention = allocated > 0 ? (liveBytes[1] - liveBytes[0]) / allocated : 0;
  const types = typeGrowth(
    sizesByType(a.rt, ga),
    sizesByType(b.rt, gb),
    typeStats(a.rt, ga),
    typeStats(b.rt, gb),
  );
  const leaking = types.length > 0 && retention >= (options.minRetention ?? 0.5);
  const report = {
    workload: w.name,
    iterations: base,
    liveBytes,
    allocatedBytes: [a.allocatedBytes, b.allocatedBytes] as const,
    retention,
    leaking,
    growth: types,
    // Last use of the first run: it collects once more.
    unreachable: heldUnreachable(a.rt, a.preexisting),
  };
  if (!leaking) return { ...report, types: [], sites: [], chain: [] };
  const sites = sb.compareTo(sa, "lineno").filter((d) => d.countDiff > 0);
  return { ...report, types, sites, chain: newestInstanceChain(b.rt, gb, types[0]!.type, b.rootNames) };
}

/**
 * Bytes of the graph's objects per type name.
 * @example
 * sizesByType(rt, HeapGraph.build(rt)).get("list"); // 56 * lists + their item arrays
 */
export function sizesByType(rt: Runtime, g: HeapGraph): Map<string, number> {
  const out = new Map<string, number>();
  for (let n = 0; n < g.count; n++) {
    const name = rt.types.get(g.typeIds[n]!).name;
    out.set(name, (out.get(name) ?? 0) + g.sizes[n]!);
  }
  return out;
}

/**
 * Per type: the growth in count and bytes from a first census to a second; only types whose count
 * grew, most bytes grown first.
 * @example
 * typeGrowth(sizesByType(rt, g0), sizesByType(rt, g1), typeStats(rt, g0), typeStats(rt, g1))[0];
 * // { type: "list", count: 201, countDiff: 200, size: …, sizeDiff: … }
 */
export function typeGrowth(
  sizeA: Map<string, number>,
  sizeB: Map<string, number>,
  countA: Map<string, number>,
  countB: Map<string, number>,
): TypeGrowthRow[] {
  const rows: TypeGrowthRow[] = [];
  for (const [type, count] of countB) {
    const countDiff = count - (countA.get(type) ?? 0);
    if (countDiff <= 0) continue;
    const size = sizeB.get(type) ?? 0;
    rows.push({ type, count, countDiff, size, sizeDiff: size - (sizeA.get(type) ?? 0) });
  }
  return rows.sort(
    (x, y) => y.sizeDiff - x.sizeDiff || y.countDiff - x.countDiff || (x.type < y.type ? -1 : 1),
  );
}

/**
 * The chain to the most recently allocated live instance of `type` (the highest serial is the newest).
 * @example
 * formatChain(newestInstanceChain(rt, HeapGraph.build(rt), "bytes", rootNames)); // "_cache -> list [199] -> bytes"
 */
export function newestInstanceChain(
  rt: Runtime,
  g: HeapGraph,
  type: string,
  rootNames: ReadonlyMap<number, string>,
): ChainStep[] {
  const best = newestInstanceNode(rt, g, type);
  return best < 0 ? [] : backrefChainOfNode(rt, g, best, rootNames);
}

/**
 * The graph node of the most recently allocated instance of `type` the walk reached (the highest serial
 * is the newest), or -1 when there is none: the object a leak's chain and back-reference graph start at.
 * @example
 * const g = HeapGraph.build(rt);
 * refGraphOfNodes(rt, g, [newestInstanceNode(rt, g, "bytes")], "backrefs");
 */
export function newestInstanceNode(rt: Runtime, g: HeapGraph, type: string): number {
  const id = rt.types.byName(type)?.id;
  const ids = objectIds(rt);
  let best = -1;
  let bestSerial = -1;
  for (let n = 0; n < g.count; n++) {
    if (g.typeIds[n] !== id) continue;
    const s = ids.serial(g.addrs[n]!);
    if (s > bestSerial) {
      best = n;
      bestSerial = s;
    }
  }
  return best;
}

/**
 * The report as text: verdict, growth by type, growth by allocation site, and the chain; then what the
 * strategy holds that the program no longer reaches. "no leak found" only when there is neither.
 * @example
 * console.log(formatLeakReport(findLeaks(w, () => createRefcountStrategy())));
 */
export function formatLeakReport(r: LeakReport, limit = 5): string {
  const head = `${r.workload}: ${r.iterations} vs ${2 * r.iterations} iterations, live ${r.liveBytes[0]} -> ${r.liveBytes[1]} B, retention ${(100 * r.retention).toFixed(0)}% (reachable growth ÷ object bytes the extra iterations allocated; above 100% when list item arrays and dict tables, which are not counted as allocations, grew too)`;
  const held = formatHeldUnreachable(r.unreachable, limit);
  if (!r.leaking)
    return held === "" ? `${head}\nno leak found` : `${head}\nno growth in what the program reaches\n${held}`;
  return [
    head,
    "types that grew:",
    ...r.types
      .slice(0, limit)
      .map((t) => `  ${t.type}: count ${t.count} (+${t.countDiff}), size ${t.size} B (+${t.sizeDiff} B)`),
    "allocation sites that grew:",
    ...r.sites.slice(0, limit).map((s) => `  ${String(s)}`),
    `kept alive by: ${formatChain(r.chain)}`,
    ...(held === "" ? [] : [held]),
  ].join("\n");
}
