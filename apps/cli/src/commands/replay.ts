import { formatResults, loadTrace, replayTrace } from "@heaplab/trace";
import { catalog } from "../catalog";
import { FailureIn } from "../error-line";
import { parseHeapLimit, strategyNames, UsageError, wholeNumber } from "../options";

/** Options of `heaplab replay`, as cac parses them. */
export interface ReplayOptions {
  strategy?: unknown;
  baseline?: unknown;
  heapLimit?: unknown;
}

/**
 * `heaplab replay [--strategy NAME] [--baseline N] [--heap-limit SIZE] TRACE.json…`: replays traces and
 * prints results in the referee's format (one object, or an array for several; one line per observation
 * and per register, so the output grows with the data, not with the depth of the graph). An invalid
 * trace, or one past the replayer's limits (file size, string lengths, printed size), prints nothing on
 * standard output, one line naming the file and the op on standard error, and exits with status 2; any
 * other failure is one line from the command's top-level handler.
 */
export function replayCommand(files: string[], options: ReplayOptions): void {
  if (files.length === 0) throw new UsageError("replay: give one or more trace files");
  const [name] =
    options.strategy === undefined
      ? [catalog.names().includes("cpython-3.11") ? "cpython-3.11" : "none"]
      : strategyNames(options.strategy);
  const entry = catalog.get(name!);
  const baseline = wholeNumber(options.baseline, "--baseline", 0) ?? 0;
  const heapLimit = parseHeapLimit(options.heapLimit, [entry.name]) ?? 256 * 1024 * 1024;
  const results = [];
  for (const file of files) {
    try {
      results.push(
        replayTrace(loadTrace(file), {
          createStrategy: () => entry.create({ heapLimit }),
          baseline,
          heapLimit,
        }),
      );
    } catch (e) {
      // The top-level handler prints it as one line that names the trace.
      throw new FailureIn(file, e);
    }
  }
  process.stdout.write(formatResults(results));
}
