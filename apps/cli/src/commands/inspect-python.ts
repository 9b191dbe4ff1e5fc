import { readFileSync } from "node:fs";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import {
  formatHeldUnreachable,
  formatMostCommonTypes,
  formatPymplerSize,
  formatSummary,
  ProgramInspection,
  type ProgramReport,
} from "@heaplab/inspect";
import { runPython } from "@heaplab/python";
import { Runtime } from "@heaplab/runtime";
import { catalog } from "../catalog";
import { reportFailure } from "../error-line";
import { UsageError } from "../options";
import { checkOutputPath, writeFileSafely } from "../safe-write";
import { startBigStackWorker } from "./worker-with-big-stack";

/** What the worker is asked to inspect (no `source` key: `run`'s worker answers to that one). */
interface InspectPythonRequest {
  kind: "inspect-python";
  file: string;
  program: string;
  strategy: string;
  heapLimit: number;
  snapshot?: string;
  force: boolean;
}

/**
 * `heaplab inspect FILE.py [--strategy NAME] [--snapshot FILE [--force]]`: runs the program (its own
 * output first, as it runs), and when it has ended, before shutdown clears its globals, reports the heap
 * it left: Pympler's summary, tracemalloc's top lines of FILE, objgraph's most common types and growth
 * since the first line with the chain (and the Python expression) that holds the newest instance of the
 * type that grew most, and what the strategy holds that the program no longer reaches. A runtime
 * exception prints its traceback and the report still follows (exit 1); refused syntax exits 2.
 */
export function inspectPythonCommand(
  file: string,
  options: { strategy: string; heapLimit: number; snapshot?: string; force: boolean },
): void {
  let program: string;
  try {
    program = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`inspect: cannot read '${file}'`);
  }
  catalog.get(options.strategy); // an unknown name fails here, with the known ones
  if (options.snapshot !== undefined) checkOutputPath(options.snapshot, options.force);
  startBigStackWorker(
    import.meta.url,
    { kind: "inspect-python", file, program, ...options } satisfies InspectPythonRequest,
    "heaplab inspect",
  );
}

/** The worker's side: runs and inspects the program, prints the report, and returns the exit status. */
function inspectInWorker(req: InspectPythonRequest): number {
  try {
    const rt = new Runtime(catalog.get(req.strategy).create({ heapLimit: req.heapLimit }), {
      heapLimit: req.heapLimit,
    });
    const inspection = new ProgramInspection(rt);
    let report: ProgramReport | undefined;
    const { exitCode } = runPython(rt, req.program, {
      filename: req.file,
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      onLine: (line, filename) => inspection.line(filename, line),
      beforeShutdown: (globals) => {
        report = inspection.finish(globals, { heapSnapshot: req.snapshot !== undefined });
      },
    });
    // refused syntax: nothing ran, the interpreter's FILE:LINE:COL line says why
    if (report === undefined) return exitCode;
    process.stdout.write(formatProgramReport(req.file, req.program, report));
    // The report is out before the file is written: a write that fails costs only the file.
    if (req.snapshot !== undefined && report.heapSnapshot !== undefined) {
      writeFileSafely(req.snapshot, report.heapSnapshot, { force: req.force });
      process.stdout.write(`\nheap written to ${req.snapshot} (open it in Chrome DevTools > Memory)\n`);
    }
    return exitCode;
  } catch (e) {
    return reportFailure(e);
  }
}

/** The report as text, after a rule that separates it from the program's own output. */
function formatProgramReport(file: string, program: string, r: ProgramReport): string {
  const lines = program.split("\n");
  const out = [
    "",
    `=== heaplab inspect: ${file} under ${r.strategy}, the heap as the program left it (before shutdown) ===`,
    "",
    "Summary of the live heap (Pympler):",
    formatSummary(r.summary),
    "",
    "Top allocation sites (tracemalloc, lineno):",
  ];
  const w = Math.max(4, ...r.sites.map((s) => s.site.length));
  for (const s of r.sites) {
    // the source line, for sites in the program's own file
    const m = /:(\d+)$/.exec(s.site);
    const code = s.site.startsWith(`${file}:`) && m !== null ? lines[Number(m[1]) - 1]?.trim() : undefined;
    out.push(
      `  ${s.site.padEnd(w)}  ${formatPymplerSize(s.size)}  ${String(s.count).padStart(7)} objects${code ? `  ${code}` : ""}`,
    );
  }
  out.push("", "Most common types (objgraph):", indent(formatMostCommonTypes(r.mostCommon)), "");
  out.push("Growth since the program's first line (objgraph):");
  if (r.growth.length === 0) out.push("  nothing grew");
  for (const t of r.growth)
    out.push(`  ${t.type}: count ${t.count} (+${t.countDiff}), size ${t.size} B (+${t.sizeDiff} B)`);
  if (r.chain.length > 0)
    out.push(`newest ${r.growth[0]!.type} kept alive by: ${r.chainText}`, `  in Python: ${r.accessPath}`);
  out.push("", "Held but unreachable (leak finder):");
  const held = formatHeldUnreachable(r.unreachable);
  out.push(held === "" ? `  ${r.strategy} holds nothing the program no longer reaches` : held);
  return `${out.join("\n")}\n`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}

if (!isMainThread && (workerData as InspectPythonRequest | undefined)?.kind === "inspect-python") {
  parentPort!.postMessage(inspectInWorker(workerData as InspectPythonRequest));
}
