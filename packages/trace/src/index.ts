/**
 * @heaplab/trace — heaplab traces (`heaplab-trace/1`): parse and validate a trace, replay it under any
 * strategy, and report observations, stats and the final object graph in the format of the CPython
 * referee (`../shared/trace/cpython_replay.py`).
 *
 * @example
 * import { loadTrace, replayTrace } from "@heaplab/trace";
 * const result = replayTrace(loadTrace("node-cycle.json"), { createStrategy: () => myStrategy() });
 * console.log(result.observations);
 */
export { describeValue, escapeControls } from "./describe-value";
export { finalShape } from "./final-shape";
export { formatResults } from "./format-result";
export { loadTrace } from "./load-trace";
export { parseTrace } from "./parse-trace";
export { readJson } from "./read-json";
export { RegisterList } from "./register-list";
export { EMPTY_TUPLE_INTERPRETER_REFS, type ReplayOptions, replayOn, replayTrace } from "./replay";
export { TraceError } from "./trace-error";
export {
  type Op,
  RESULT_FORMAT,
  type Shape,
  TRACE_FORMAT,
  type Trace,
  type TraceResult,
} from "./trace-format";
export { DEFAULT_TRACE_LIMITS, type TraceLimits } from "./trace-limits";
export { FIN_TAG_SLOT, registerTraceTypes, type TraceTypes } from "./trace-types";
