import { formatLeakReport, inspectPanel } from "@heaplab/inspect";
import { getWorkload } from "@heaplab/workloads";
import { catalog } from "../catalog";
import type { InspectMessage, InspectRequest } from "./protocol";

/**
 * Runs `inspectPanel` (Pympler's summary, tracemalloc's top sites, the leak finder, a heap snapshot)
 * off the page's thread and posts it as plain data: the leak report's class instances are formatted
 * here, where their methods exist.
 */
const post = (m: InspectMessage): void => (self as unknown as Worker).postMessage(m);

self.onmessage = (e: MessageEvent<InspectRequest>) => {
  const req = e.data;
  try {
    let heapSnapshot = "";
    const p = inspectPanel(
      getWorkload(req.workload),
      () => catalog.get(req.strategy).create({ heapLimit: req.heapLimit }),
      { iterations: req.iterations, onHeapSnapshot: (json) => (heapSnapshot = json) },
    );
    post({
      type: "done",
      result: {
        workload: p.workload,
        strategy: p.strategy,
        iterations: p.iterations,
        summary: p.summary.map((r) => ({ ...r })),
        sites: p.sites.map((r) => ({ ...r })),
        leaking: p.leak.leaking,
        retention: p.leak.retention,
        liveBytes: [p.leak.liveBytes[0], p.leak.liveBytes[1]],
        grew: p.leak.types.slice(0, 10).map((t) => ({ ...t })),
        report: formatLeakReport(p.leak),
        chain: p.chain,
        heapSnapshot,
      },
    });
  } catch (err) {
    post({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
