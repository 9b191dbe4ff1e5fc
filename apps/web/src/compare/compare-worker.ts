import { compareStrategies, findings, type HeapMap, heapMap, versionFindings } from "@heaplab/compare";
import { catalog } from "../catalog";
import type { RunRequest, WorkerMessage } from "./protocol";

/**
 * The comparison runs here, off the page's thread, so the page stays responsive: each finished run
 * is posted with its heap map as soon as it ends.
 */
const post = (m: WorkerMessage, transfer: Transferable[] = []): void =>
  (self as unknown as Worker).postMessage(m, transfer);

self.onmessage = (e: MessageEvent<RunRequest>) => {
  const req = e.data;
  try {
    const maps: HeapMap[] = [];
    let lastProgress = 0;
    const results = compareStrategies(
      req.workloads.map((w) => ({ workload: w.name, params: w.params })),
      req.strategies,
      {
        catalog,
        heapLimit: req.heapLimit,
        settings: req.settings,
        runs: req.runs,
        warmupRuns: req.warmupRuns,
        onEnd: (rt, run) => {
          maps[run] = heapMap(rt);
        },
        onProgress: (p) => {
          const now = performance.now();
          if (now - lastProgress < 50 && p.done !== 0) return;
          lastProgress = now;
          post({ type: "progress", ...p });
        },
      },
    );
    results.forEach((result, i) => {
      const map = maps[i]!;
      post({ type: "result", result, map }, [map.cells.buffer as ArrayBuffer]);
    });
    const versions = versionFindings(results);
    post({
      type: "done",
      findings: [...findings(results)],
      versions: { general: versions.general, byWorkload: [...versions.byWorkload] },
    });
  } catch (err) {
    post({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
