import { HeaplabError } from "@heaplab/runtime";
import { loadTrace, replayTrace, TraceError } from "@heaplab/trace";
import { catalog } from "../catalog";

/**
 * `heaplab replay [--strategy NAME] [--baseline N] TRACE.json…`: replays traces and prints results in
 * the referee's format (one object, or an array for several). An invalid trace prints nothing on
 * standard output, names the op on standard error, and exits with status 2.
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
        console.error(`${file}: ${e.message}`);
        process.exit(2);
      }
      if (e instanceof HeaplabError) {
        console.error(`${file}: ${e.name}: ${e.message}`);
        process.exit(1);
      }
      throw e;
    }
  }
  console.log(JSON.stringify(results.length === 1 ? results[0] : results, null, 1));
}
