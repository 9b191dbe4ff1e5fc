import { formatLeakReport, formatPymplerSize, formatSummary, inspectPanel } from "@heaplab/inspect";
import { catalog } from "../catalog";
import { parseHeapLimit, strategyNames, UsageError, wholeNumber, workloadNamed } from "../options";
import { checkOutputPath, writeFileSafely } from "../safe-write";
import { inspectPythonCommand } from "./inspect-python";

/** Options of `heaplab inspect`, as cac parses them. */
export interface InspectOptions {
  /** A Python program to run and inspect (instead of a workload). */
  file?: unknown;
  workload?: unknown;
  strategy?: unknown;
  snapshot?: unknown;
  force?: boolean;
  iterations?: unknown;
  heapLimit?: unknown;
}

/**
 * `heaplab inspect FILE.py …` runs a Python program and reports on the heap it leaves (`inspect-python.ts`).
 * `heaplab inspect --workload NAME [--strategy NAME] [--snapshot FILE.heapsnapshot [--force]] [--iterations N]`:
 * runs the workload with the inspection tools on, and prints Pympler's summary of what stays reachable,
 * tracemalloc's top allocation sites, and the leak finder's growth (a run twice as long compared), with
 * the reference chain that keeps a leaked object alive. `--snapshot` writes the heap for Chrome
 * DevTools after the report is printed, never over an existing file without `--force`.
 */
export function inspectCommand(options: InspectOptions): void {
  if (options.workload === undefined && options.file === undefined)
    throw new UsageError(
      "inspect: give a Python file (inspect leak.py) or --workload NAME (see 'heaplab workloads' for names)",
    );
  if (options.workload !== undefined && options.file !== undefined)
    throw new UsageError("inspect: give a Python file or --workload NAME, not both");
  const [name] =
    options.strategy === undefined
      ? [catalog.names().includes("cpython-3.11") ? "cpython-3.11" : "none"]
      : strategyNames(options.strategy);
  const heapLimit = parseHeapLimit(options.heapLimit, [name!]) ?? 256 * 1024 * 1024;
  const snapshotPath = options.snapshot === undefined ? undefined : String(options.snapshot);
  if (options.file !== undefined) {
    if (options.iterations !== undefined)
      throw new UsageError("inspect: --iterations is for workloads; a program runs once");
    inspectPythonCommand(String(options.file), {
      strategy: name!,
      heapLimit,
      force: options.force === true,
      ...(snapshotPath === undefined ? {} : { snapshot: snapshotPath }),
    });
    return;
  }
  const workload = workloadNamed(String(options.workload));
  const iterations = wholeNumber(options.iterations, "--iterations", 1);
  if (snapshotPath !== undefined) checkOutputPath(snapshotPath, options.force === true);
  let snapshot: string | undefined;
  const panel = inspectPanel(workload, () => catalog.get(name!).create({ heapLimit }), {
    ...(iterations === undefined ? {} : { iterations }),
    ...(snapshotPath === undefined
      ? {}
      : {
          onHeapSnapshot: (json: string) => {
            snapshot = json;
          },
        }),
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
  // The report is out before the file is written: a write that fails costs only the file.
  if (snapshotPath !== undefined && snapshot !== undefined) {
    writeFileSafely(snapshotPath, snapshot, { force: options.force === true });
    console.log(`\nheap written to ${snapshotPath} (open it in Chrome DevTools > Memory)`);
  }
}
