import { loadTrace, replayOn } from "@heaplab/trace";
import { strParam, type Workload } from "../workload";

/**
 * Any heaplab trace file (`heaplab-trace/1`), replayed on the runtime the workload is handed — so a
 * trace recorded for the CPython referee can be compared across every strategy.
 *
 * @example
 * traceFile.run(rt, { file: "../shared/trace/examples/node-cycle.json" }, createWorkloadContext(rt));
 */
export const traceFile: Workload = {
  name: "trace",
  title: "A trace file",
  description:
    "Replays a heaplab trace: the same small program of allocations, links, drops and collections that the CPython " +
    "referee runs. Give it with --param file=TRACE.json. Under cpython-3.11 its observations equal CPython's; under " +
    "the other strategies its final object graph does.",
  params: { file: "" },
  tags: ["trace"],
  run(rt, params, ctx) {
    const file = strParam(params, "file");
    if (file === "") throw new Error("the trace workload needs a trace file: --param file=TRACE.json");
    ctx.site(`${file} <trace>`);
    replayOn(rt, loadTrace(file));
  },
};
