import { writeFileSync } from "node:fs";
import { formatLeakReport, formatPymplerSize, formatSummary, inspectPanel } from "@heaplab/inspect";
import { getWorkload } from "@heaplab/workloads";
import { catalog } from "../catalog";

/** Options of `heaplab inspect`. */
export interface InspectOptions {
  workload?: string;
  strategy?: string;
  snapshot?: string;
  iterations?: number | string;
  heapLimit?: number | string;
}

/**
 * `heaplab inspect --workload NAME [--strategy NAME] [--snapshot FILE.heapsnapshot] [--iterations N]`:
 * runs the workload with the inspection tools on, and prints Pympler's summary of what stays reachable,
 * tracemalloc's top allocation sites, and the leak finder's growth (a run twice as long compared), with
 * the reference chain that keeps a leaked object alive. `--snapshot` writes the heap for Chrome DevTools.
 */
export function inspectCommand(options: InspectOptions): void {
  if (options.workload === undefined) {
    console.error("heaplab inspect: give --workload NAME (see `heaplab compare --help` for names)");
    process.exit(2);
  }
  let workload: ReturnType<typeof getWorkload>;
  try {
    workload = getWorkload(options.workload);
  } catch (e) {
    console.error(`heaplab inspect: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
  const name = options.strategy ?? (catalog.names().includes("cpython-3.11") ? "cpython-3.11" : "none");
  if (!catalog.names().includes(name)) {
    console.error(`heaplab inspect: unknown strategy '${name}'; known: ${catalog.names().join(", ")}`);
    process.exit(2);
  }
  const heapLimit = Number(options.heapLimit ?? 256 * 1024 * 1024);
  const iterations = options.iterations === undefined ? undefined : Number(options.iterations);
  if (iterations !== undefined && (!Number.isInteger(iterations) || iterations < 1)) {
    console.error(`heaplab inspect: --iterations takes a positive whole number, not ${options.iterations}`);
    process.exit(2);
  }
  const snapshotPath = options.snapshot;
  const panel = inspectPanel(workload, () => catalog.get(name).create({ heapLimit }), {
    ...(iterations === undefined ? {} : { iterations }),
    ...(snapshotPath === undefined
      ? {}
      : { onHeapSnapshot: (json: string) => writeFileSync(snapshotPath, json) }),
  });
  console.log(`${panel.workload} under ${panel.strategy}, ${panel.iterations} iterations\n`);
  console.log("Summary of the live heap (Pympler):");
  console.log(formatSummary(panel.summary));
  console.log("\nTop allocation sites (tracemalloc, lineno):");
  const w = Math.max(4, ...panel.sites.map((s) => s.site.length));
  for (const s of panel.sites)
    console.log(
      `  ${s.site.padEnd(w)}  ${formatPymplerSize(s.size)}  ${String(s.count).padStart(7)} objects`,
    );
  console.log("\nGrowth (leak finder):");
  console.log(formatLeakReport(panel.leak));
  if (snapshotPath !== undefined)
    console.log(`\nheap written to ${snapshotPath} (open it in Chrome DevTools > Memory)`);
}
