import { readFileSync } from "node:fs";
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
  let text: string;
  try {
    text = readFileSync(path, "utf8");
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
