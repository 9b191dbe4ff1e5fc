import { demoSet } from "@heaplab/compare";
import { type Params, workloads } from "@heaplab/workloads";

/** Parameters that count work: the scale control multiplies these. */
const SCALED = new Set(["iterations", "count", "rows", "operations", "blocks", "requests"]);
/** Sizes for the browser where a workload's defaults are the full benchmark. */
const BROWSER_DEFAULTS: Record<string, Params> = {
  gcbench: { stretchDepth: 14, longLivedDepth: 12, arraySize: 50000, maxDepth: 12 },
  "arena-release": { blocks: 256 * 1024 },
};

/**
 * A workload's parameters in the browser: its defaults, the demo's sizes (large enough that every
 * strategy collects), then `scale` applied to the counts. Null for a name no workload has, so a
 * tampered or stale form value is refused in place instead of throwing.
 *
 * @example
 * paramsFor("list-cycle", 0.5); // { count: 1000 }
 * paramsFor("no-such-workload", 1); // null
 */
export function paramsFor(name: string, scale: number): Params | null {
  const w = workloads.find((x) => x.name === name);
  if (w === undefined) return null;
  const base: Params = {
    ...w.params,
    ...(demoSet.find((d) => d.workload === name)?.params ?? {}),
    ...(BROWSER_DEFAULTS[name] ?? {}),
  };
  return Object.fromEntries(
    Object.entries(base).map(([k, v]) => [
      k,
      SCALED.has(k) && typeof v === "number" ? Math.max(1, Math.round(v * scale)) : v,
    ]),
  );
}
