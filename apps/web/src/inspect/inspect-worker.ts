import { formatLeakReport, inspectPanel } from "@heaplab/inspect";
import { getWorkload } from "@heaplab/workloads";
import { catalog } from "../catalog";
import type { InspectMessage, InspectProgram, InspectRequest, InspectResult } from "./protocol";
import { inspectPython } from "./python-inspection";
import { phaseName } from "./snapshot-points";

/**
 * Runs the inspection tools of `@heaplab/inspect` off the page's thread and posts plain data: for a
 * workload `inspectPanel` (its leak finder runs it twice), for a Python program `ProgramInspection`
 * (`python-inspection.ts`). Class instances are turned into rows and text here, where their methods exist.
 */
const post = (m: InspectMessage): void => (self as unknown as Worker).postMessage(m);

/** A workload under one strategy: the panel's data with the snapshot diff between two phases. */
function inspectWorkload(
  p: Extract<InspectProgram, { kind: "workload" }>,
  strategy: string,
  heapLimit: number,
): InspectResult {
  let heapSnapshot = "";
  const r = inspectPanel(getWorkload(p.workload), () => catalog.get(strategy).create({ heapLimit }), {
    iterations: p.iterations,
    phases: p.phases,
    onHeapSnapshot: (json) => (heapSnapshot = json),
  });
  const { leak } = r;
  const n = r.iterations.toLocaleString("en-US");
  return {
    program: r.workload,
    kind: "workload",
    strategy: r.strategy,
    iterations: r.iterations,
    summary: r.summary.map((s) => ({ ...s })),
    sites: r.sites.map((s) => ({ ...s })),
    diff: r.diff.map((d) => ({ ...d })),
    diffFrom: phaseName(r.phases[0]),
    diffTo: phaseName(r.phases[1]),
    growthBetween: `the run of ${n} iterations and the run twice as long`,
    growth: leak.growth.slice(0, 10).map((t) => ({ ...t })),
    leaking: leak.leaking,
    verdict: leak.leaking
      ? `Leaking: of what the extra ${n} iterations allocated, ${(100 * leak.retention).toFixed(0)}% is still reachable (above 100% when list item arrays and dict tables, not counted as allocations, grew too).`
      : `No leak: what the program reaches after ${n} and ${(2 * r.iterations).toLocaleString("en-US")} iterations is ${leak.liveBytes[0].toLocaleString("en-US")} B and ${leak.liveBytes[1].toLocaleString("en-US")} B.`,
    chain: r.chain,
    backrefs: {
      nodes: r.backrefs.nodes.map((x) => ({ ...x })),
      edges: r.backrefs.edges.map((e) => ({ ...e })),
      omitted: r.backrefs.omitted,
    },
    heldUnreachable: {
      count: leak.unreachable.count,
      bytes: leak.unreachable.bytes,
      types: leak.unreachable.types.map((t) => ({ ...t })),
      why: leak.unreachable.why,
    },
    output: formatLeakReport(leak),
    heapSnapshot,
  };
}

self.onmessage = (e: MessageEvent<InspectRequest>) => {
  const req = e.data;
  try {
    const result =
      req.program.kind === "workload"
        ? inspectWorkload(req.program, req.strategy, req.heapLimit)
        : inspectPython(req.program, req.strategy, req.heapLimit);
    post({ type: "done", result });
  } catch (err) {
    post({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
