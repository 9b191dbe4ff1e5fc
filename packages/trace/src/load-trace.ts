import { parseTrace } from "./parse-trace";
import { TraceError } from "./trace-error";
import type { Trace } from "./trace-format";

/**
 * Reads and validates a trace file.
 * @throws TraceError for unreadable files, malformed JSON and invalid traces.
 * @example
 * const trace = loadTrace("../shared/trace/examples/node-cycle.json");
 */
export function loadTrace(path: string): Trace {
  // Node's fs is reached at call time, so this module (and every package that re-exports it) also
  // loads in a browser, where there are no files to read.
  const fs = (
    globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
  ).process?.getBuiltinModule?.("node:fs") as
    | { readFileSync(path: string, encoding: "utf8"): string }
    | undefined;
  if (fs === undefined)
    throw new TraceError("trace files can only be read under Node.js (20.16 or later)", -1);
  let text: string;
  try {
    text = fs.readFileSync(path, "utf8");
  } catch (e) {
    throw new TraceError(`cannot read trace file: ${(e as Error).message}`, -1);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TraceError(`not valid JSON: ${(e as Error).message}`, -1);
  }
  return parseTrace(json);
}
