import { compareStrategies, type RunResult, toCsv, toRecord } from "@heaplab/compare";
import { HeaplabError } from "@heaplab/runtime";
import { getWorkload, workloads } from "@heaplab/workloads";
import { catalog } from "../catalog";
import { withoutDoubledName } from "../error-line";
import {
  list,
  parseHeapLimit,
  parseSeed,
  parseStrategySettings,
  parseWorkloadParams,
  strategyNames,
  UsageError,
  workloadNamed,
} from "../options";
import { printReport, progressReporter, type RepeatFlags, repeatOptions } from "./demo";

/** Options of `heaplab compare`, as cac parses them (strings, numbers or arrays: `options.ts` reads them). */
export interface CompareCommandOptions extends RepeatFlags {
  workload?: unknown;
  strategy?: unknown;
  param?: unknown;
  setting?: unknown;
  seed?: unknown;
  heapLimit?: unknown;
  json?: boolean;
  csv?: boolean;
}

/**
 * `heaplab compare --workload NAME… --strategy NAME… [--param key=value…] [--json|--csv]`: runs the
 * chosen workloads under the chosen strategies (all strategies by default) and prints tables and
 * findings, or only JSON (an array, one object per run) or CSV.
 */
export function compareCommand(options: CompareCommandOptions): void {
  // Every option is checked before the first run: a bad value is one line, not a table of failures.
  const names = list(options.workload);
  if (names.length === 0)
    throw new UsageError(
      `choose at least one --workload; known workloads: ${workloads.map((w) => w.name).join(", ")} (see 'heaplab workloads')`,
    );
  const chosenWorkloads = names.map(workloadNamed);
  const chosen = strategyNames(options.strategy);
  const params = parseWorkloadParams(options.param, chosenWorkloads);
  const settings = parseStrategySettings(options.setting, chosen);
  const heapLimit = parseHeapLimit(options.heapLimit, chosen);
  const seed = parseSeed(options.seed);
  const repeat = repeatOptions(options);
  const quiet = options.json === true || options.csv === true;
  const progress = progressReporter();
  const results = compareStrategies(
    names.map((workload) => ({ workload, params: params[workload] ?? {} })),
    chosen,
    {
      catalog,
      ...repeat,
      ...(heapLimit !== undefined ? { heapLimit } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(Object.keys(settings).length > 0 ? { settings } : {}),
      ...(quiet || !process.stderr.isTTY ? {} : { onProgress: (p) => progress.update(p) }),
    },
  );
  progress.done();
  if (options.json) console.log(JSON.stringify(results.map(toRecord), null, 2));
  else if (options.csv) console.log(toCsv(results));
  else printReport(results, (w) => getWorkload(w).description);
  failIfNothingRan(results);
}

/**
 * A comparison in which every run failed measured nothing: after the report (which shows each run's
 * error), the command fails with the first error, so scripts and CI see a non-zero exit.
 * @throws HeaplabError when no run succeeded.
 */
function failIfNothingRan(results: readonly RunResult[]): void {
  const failed = results.filter((r) => r.error !== null);
  if (results.length > 0 && failed.length === results.length)
    throw new HeaplabError(
      `every run failed (${failed.length} of ${results.length}); the first: ${withoutDoubledName(failed[0]!.error ?? "")}`,
    );
}
