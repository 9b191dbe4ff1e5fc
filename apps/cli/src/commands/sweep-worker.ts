import { measureSweepRun, type SweepRun, type SweepTask } from "@heaplab/compare";
import { catalog } from "../catalog";

/**
 * The worker of `heaplab sweep`: the pool sends one run per call, and the worker runs it on its own
 * thread (its own V8 isolate, heap and JIT) and answers with the run's numbers.
 *
 * @example
 * new Tinypool({ filename: new URL("./sweep-worker.js", import.meta.url).href }).run(task);
 */
export default function sweepWorker(task: SweepTask): SweepRun {
  return measureSweepRun(task, catalog);
}
