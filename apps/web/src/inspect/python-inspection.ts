import {
  HeapGraph,
  MODULE_GLOBALS,
  newestInstanceNode,
  ProgramInspection,
  type ProgramReport,
  type RefGraph,
  refGraphOfNodes,
  type Snapshot,
  siteDiffRows,
} from "@heaplab/inspect";
import { Runtime } from "@heaplab/runtime";
import { catalog } from "../catalog";
import { PYTHON_MISSING, pythonEngine } from "../engine/python";
import type { InspectProgram, InspectResult } from "./protocol";
import { lineName } from "./snapshot-points";

/** Output kept from a program, so a loop that prints forever cannot fill the Worker's memory. */
const MAX_OUTPUT = 64 << 10;

/**
 * A Python program under one strategy with the inspection tools on (`ProgramInspection`, as
 * `heaplab inspect FILE.py` does): tracemalloc snapshots the first time each chosen line runs (or at
 * the end), and, on the heap the program leaves before shutdown, Pympler's summary, tracemalloc's top
 * lines, objgraph's growth since the first line with the back-reference graph of the newest object of
 * the type that grew most, and what the strategy holds that nothing reaches.
 *
 * @example
 * inspectPython({ kind: "python", file: "leak.py", source, lines: [1, null] }, "refcount", 64 << 20);
 */
export function inspectPython(
  p: Extract<InspectProgram, { kind: "python" }>,
  strategy: string,
  heapLimit: number,
): InspectResult {
  if (pythonEngine === null) throw new Error(PYTHON_MISSING);
  const rt = new Runtime(catalog.get(strategy).create({ heapLimit }), { heapLimit });
  const ins = new ProgramInspection(rt);
  const [fromLine, toLine] = p.lines;
  let before: Snapshot | null = null;
  let after: Snapshot | null = null;
  let report: ProgramReport | null = null;
  let backrefs: RefGraph = { nodes: [], edges: [], omitted: 0 };
  let output = "";
  const write = (t: string): void => {
    if (output.length < MAX_OUTPUT) output += t;
  };
  const { exitCode } = pythonEngine.runPython(rt, p.source, {
    filename: p.file,
    stdout: write,
    stderr: write,
    onLine(line, filename) {
      ins.line(filename, line);
      if (filename !== p.file) return;
      // A line's snapshot is taken before it runs, the first time it is reached.
      if (before === null && line === fromLine) before = ins.takeSnapshot();
      if (after === null && line === toLine) after = ins.takeSnapshot();
    },
    beforeShutdown(globals) {
      const end = ins.takeSnapshot();
      before ??= fromLine === null ? end : null;
      after ??= toLine === null ? end : null;
      // The graph is drawn on the same heap the chain is found on: `finish` collects afterwards.
      const g = HeapGraph.build(rt);
      report = ins.finish(globals, { heapSnapshot: true });
      const type = report.growth[0]?.type;
      const start = type === undefined ? -1 : newestInstanceNode(rt, g, type);
      if (start >= 0)
        backrefs = refGraphOfNodes(rt, g, [start], "backrefs", {
          maxDepth: 5,
          rootNames: new Map([[rt.handles.index(globals), MODULE_GLOBALS]]),
        });
    },
  });
  const r = report as ProgramReport | null;
  if (r === null)
    throw new Error(output.trim().split("\n").at(-1) || `the program did not run (exit status ${exitCode})`);
  const a = before as Snapshot | null;
  const b = after as Snapshot | null;
  const diff = a !== null && b !== null ? siteDiffRows(b, a, 10) : [];
  const missed = [a === null ? fromLine : null, b === null ? toLine : null].filter((x) => x !== null);
  const grew = r.growth[0];
  return {
    program: p.file,
    kind: "python",
    strategy: r.strategy,
    iterations: null,
    summary: r.summary.map((s) => ({ ...s })),
    sites: r.sites.map((s) => ({ ...s })),
    diff,
    diffFrom: lineName(fromLine),
    diffTo: lineName(toLine),
    growthBetween: "the program's first line and its end",
    growth: r.growth.map((t) => ({ ...t })),
    leaking: null,
    verdict:
      missed.length > 0
        ? `No snapshot diff: line ${missed.join(" and ")} never ran.`
        : grew === undefined
          ? "Nothing grew: every type the program reaches at its end it already reached at its first line, in the same number."
          : `${grew.type} grew most: ${grew.countDiff.toLocaleString("en-US")} more reached at the end than at the first line${r.accessPath ? `; the newest is reached as ${r.accessPath}` : ""}.`,
    chain: r.chainText,
    backrefs: {
      nodes: backrefs.nodes.map((x) => ({ ...x })),
      edges: backrefs.edges.map((e) => ({ ...e })),
      omitted: backrefs.omitted,
    },
    heldUnreachable: {
      count: r.unreachable.count,
      bytes: r.unreachable.bytes,
      types: r.unreachable.types.map((t) => ({ ...t })),
      why: r.unreachable.why,
    },
    output,
    heapSnapshot: r.heapSnapshot ?? "",
  };
}
