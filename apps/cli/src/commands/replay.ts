import { HeaplabError } from "@heaplab/runtime";
import { escapeControls, formatResults, loadTrace, replayTrace, TraceError } from "@heaplab/trace";
import { catalog } from "../catalog";

/**
 * `heaplab replay [--strategy NAME] [--baseline N] TRACE.json…`: replays traces and prints results in
 * the referee's format (one object, or an array for several; one line per observation and per
 * register, so the output grows with the data, not with the depth of the graph). An invalid trace, or
 * one past the replayer's limits (file size, string lengths, printed size), prints nothing on standard
 * output, one line naming the op on standard error, and exits with status 2.
 */
export function replayCommand(
  files: string[],
  options: { strategy?: string; baseline?: number | string; heapLimit?: number },
): void {
  if (files.length === 0) {
    console.error("heaplab replay: give one or more trace files");
    process.exit(2);
  }
  const name = options.strategy ?? (catalog.names().includes("cpython-3.11") ? "cpython-3.11" : "none");
  const entry = catalog.get(name);
  const baseline = Number(options.baseline ?? 0);
  if (!Number.isInteger(baseline) || baseline < 0) {
    console.error(`heaplab replay: --baseline takes a whole number, not ${options.baseline}`);
    process.exit(2);
  }
  const results = [];
  for (const file of files) {
    try {
      const heapLimit = options.heapLimit ?? 256 * 1024 * 1024;
      results.push(
        replayTrace(loadTrace(file), {
          createStrategy: () => entry.create({ heapLimit }),
          baseline,
          heapLimit,
        }),
      );
    } catch (e) {
      if (e instanceof TraceError) {
        console.error(`${escapeControls(file)}: ${escapeControls(e.message)}`);
        process.exit(2);
      }
      if (e instanceof HeaplabError) {
        console.error(`${escapeControls(file)}: ${e.name}: ${escapeControls(e.message)}`);
        process.exit(1);
      }
      throw e;
    }
  }
  process.stdout.write(formatResults(results));
}
