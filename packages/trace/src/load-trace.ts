import { escapeControls } from "./describe-value";
import { parseTrace } from "./parse-trace";
import { readJson } from "./read-json";
import { TraceError } from "./trace-error";
import type { Trace } from "./trace-format";
import { DEFAULT_TRACE_LIMITS, type TraceLimits } from "./trace-limits";

/**
 * Reads and validates a trace file. Its size is checked before it is read, and its JSON is read with
 * ints past 2^53 exact and strings bounded (`readJson`).
 * @throws TraceError for unreadable or too large files, malformed JSON, invalid traces and traces past `limits`.
 * @example
 * const trace = loadTrace("../shared/trace/examples/node-cycle.json");
 */
export function loadTrace(path: string, limits: TraceLimits = DEFAULT_TRACE_LIMITS): Trace {
  // Node's fs is reached at call time, so this module (and every package that re-exports it) also
  // loads in a browser, where there are no files to read.
  const fs = (
    globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
  ).process?.getBuiltinModule?.("node:fs") as
    | { readFileSync(path: string, encoding: "utf8"): string; statSync(path: string): { size: number } }
    | undefined;
  if (fs === undefined)
    throw new TraceError("trace files can only be read under Node.js (20.16 or later)", -1);
  let text: string;
  try {
    const { size } = fs.statSync(path);
    if (size > limits.maxFileBytes) {
      throw new TraceError(
        `trace file is ${size} bytes, more than the ${limits.maxFileBytes} a trace may have`,
        -1,
      );
    }
    text = fs.readFileSync(path, "utf8");
  } catch (e) {
    if (e instanceof TraceError) throw e;
    throw new TraceError(`cannot read trace file: ${escapeControls((e as Error).message)}`, -1);
  }
  return parseTrace(readJson(text, limits), limits);
}
