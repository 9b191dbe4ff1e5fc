import { Runtime } from "@heaplab/runtime";
import { createWorkloadContext, getWorkload, type Params } from "@heaplab/workloads";
import { catalog } from "../src/catalog";
import { SMALL_HEAP_SETTINGS } from "../src/engine/small-heap";
import { Recorder } from "../src/record/recorder";

/** Runs a workload on a fresh runtime, recording; returns the runtime (heap as the program left it). */
export function recorded(strategy: string, workload: string, params: Params) {
  const rt = new Runtime(
    catalog
      .get(strategy)
      .create({ heapLimit: 64 << 20, settings: { ...(SMALL_HEAP_SETTINGS[strategy] ?? {}) } }),
    {
      heapLimit: 64 << 20,
    },
  );
  const rec = new Recorder(rt);
  const w = getWorkload(workload);
  const ctx = createWorkloadContext(rt);
  const mark = rt.openScope();
  w.run(rt, { ...w.params, ...params }, ctx);
  rt.closeScope(mark);
  return { rt, recording: rec.finish() };
}
