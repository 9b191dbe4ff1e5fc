import { Runtime } from "@heaplab/runtime";
import { createWorkloadContext, getWorkload } from "@heaplab/workloads";
import { catalog } from "../catalog";
import { captureCollections } from "../record/collection-snapshot";
import { LifeWatch } from "../record/life-watch";
import { Recorder } from "../record/recorder";
import { transferablesOf } from "../record/recording";
import { captureTracingCollections } from "../record/tracing-snapshot";
import type { JobMessage, JobRequest } from "./job";
import { PYTHON_MISSING, pythonEngine } from "./python";

/**
 * One lab column: runs one program under one strategy on a fresh runtime, recording every event.
 * Output is posted in batches while it runs (at most every 50 ms), so a program that loops forever
 * still shows what it printed before the page's time limit terminates this Worker.
 */
const post = (m: JobMessage, transfer: Transferable[] = []): void =>
  (self as unknown as Worker).postMessage(m, transfer);

let pending: string[] = [];
/** A watch run (one object's life) posts no output. */
let quiet = false;
let lastFlush = 0;
function flush(): void {
  if (pending.length > 0) post({ type: "output", stream: "stdout", lines: pending });
  pending = [];
  lastFlush = performance.now();
}
function print(line: string): void {
  if (quiet) return;
  pending.push(line);
  if (performance.now() - lastFlush > 50) flush();
}

/** Splits written text into lines, keeping an unfinished last line for the next write. */
let partial = "";
function write(text: string): void {
  const parts = (partial + text).split("\n");
  partial = parts.pop() ?? "";
  for (const p of parts) print(p);
}

self.onmessage = (e: MessageEvent<JobRequest>) => {
  const req = e.data;
  try {
    const entry = catalog.get(req.strategy);
    const t0 = performance.now();
    const rt = new Runtime(entry.create({ heapLimit: req.heapLimit, settings: { ...req.settings } }), {
      heapLimit: req.heapLimit,
    });
    const recorder = new Recorder(rt, { maxEvents: req.maxEvents });
    const snapshots = captureCollections(rt, () => recorder.length);
    const tracingSnapshots = captureTracingCollections(rt, () => recorder.length);
    quiet = req.watch !== undefined;
    const watch = req.watch ? new LifeWatch(rt, () => recorder.length, req.watch) : null;
    let watched = false;
    const endWatch = (): void => {
      if (watch === null || watched) return;
      watched = true;
      post({ type: "life", life: watch.result() });
    };
    let exitCode = 0;
    if (req.program.kind === "python") {
      if (pythonEngine === null) throw new Error(PYTHON_MISSING);
      const r = pythonEngine.runPython(rt, req.program.source, {
        filename: req.program.filename,
        stdout: write,
        stderr: write,
        onLine: (line) => {
          recorder.line = line;
          if (watch !== null && !watched) {
            watch.line();
            // The page ends this Worker when it has the answer; the rest of the program is not needed.
            if (watch.done) endWatch();
          }
        },
        beforeShutdown: () => watch?.end(),
      });
      exitCode = r.exitCode;
      if (partial !== "") print(partial);
    } else {
      const workload = getWorkload(req.program.name);
      const ctx = createWorkloadContext(rt, { onPrint: print });
      const mark = rt.openScope();
      try {
        workload.run(rt, { ...workload.params, ...req.program.params }, ctx);
      } catch (err) {
        print(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
        exitCode = 1;
      } finally {
        rt.closeScope(mark);
      }
      // A workload has no statements: its end is the one boundary where the heap is read.
      watch?.end();
    }
    if (watch !== null) {
      endWatch();
      return;
    }
    flush();
    const wallMs = performance.now() - t0;
    const recording = recorder.finish();
    snapshots.stop();
    tracingSnapshots.stop();
    const s = rt.stats();
    post(
      {
        type: "done",
        summary: {
          strategy: req.strategy,
          wallMs,
          allocations: s.allocations,
          collections: s.collections.reduce((a, b) => a + b, 0),
          heldBytes: s.heldBytes,
          usedBytes: s.usedBytes,
          exitCode,
          refcounts: rt.strategy.refcount !== undefined,
        },
        recording,
        collections: [...snapshots.list, ...tracingSnapshots.list],
      },
      transferablesOf(recording),
    );
  } catch (err) {
    flush();
    post({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
