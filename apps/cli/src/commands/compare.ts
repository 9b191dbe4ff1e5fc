import { compareStrategies, toCsv, toRecord } from "@heaplab/compare";
import { HeaplabError } from "@heaplab/runtime";
import type { ParamValue } from "@heaplab/workloads";
import { getWorkload, workloads } from "@heaplab/workloads";
import { catalog } from "../catalog";
import { printReport, progressReporter, type RepeatFlags, repeatOptions } from "./demo";

/** Options of `heaplab compare`, as cac parses them. */
export interface CompareCommandOptions extends RepeatFlags {
  workload?: string | string[];
  strategy?: string | string[];
  param?: string | string[];
  setting?: string | string[];
  seed?: number;
  heapLimit?: number;
  json?: boolean;
  csv?: boolean;
}

/** `a`, `[a, b]`, `"a,b"` → `["a", "b"]`. */
export function list(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(",")).filter((x) => x !== "");
}

/** `key=value` pairs; numbers and true/false become numbers and booleans. */
export function pairs(v: string | string[] | undefined, flag: string): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const kv of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
    const i = String(kv).indexOf("=");
    if (i <= 0) throw new HeaplabError(`${flag} expects key=value, got '${kv}'`);
    const key = String(kv).slice(0, i);
    const raw = String(kv).slice(i + 1);
    out[key] =
      raw === "true"
        ? true
        : raw === "false"
          ? false
          : raw !== "" && Number.isFinite(Number(raw))
            ? Number(raw)
            : raw;
  }
  return out;
}

/**
 * The overrides that `workload` declares: `--param depth=12` goes to binary-trees, not to list-cycle.
 * @throws HeaplabError for a key no chosen workload has.
 */
export function paramsFor(workload: string, params: Record<string, ParamValue>): Record<string, ParamValue> {
  const declared = getWorkload(workload).params;
  return Object.fromEntries(Object.entries(params).filter(([k]) => k in declared));
}

/**
 * `heaplab compare --workload NAME… --strategy NAME… [--param key=value…] [--json|--csv]`: runs the
 * chosen workloads under the chosen strategies (all strategies by default) and prints tables and
 * findings, or only JSON (an array, one object per run) or CSV.
 */
export function compareCommand(options: CompareCommandOptions): void {
  const names = list(options.workload);
  if (names.length === 0)
    throw new HeaplabError(
      `choose at least one --workload; known workloads: ${workloads.map((w) => w.name).join(", ")}`,
    );
  for (const n of names) {
    // Unknown names fail before anything runs.
    try {
      getWorkload(n);
    } catch (e) {
      throw new HeaplabError((e as Error).message);
    }
  }
  const strategies = list(options.strategy);
  const chosen = strategies.length > 0 ? strategies : catalog.names();
  for (const s of chosen) catalog.get(s);
  const params = pairs(options.param, "--param");
  const setting = pairs(options.setting, "--setting");
  for (const k of Object.keys(params)) {
    if (!names.some((n) => k in getWorkload(n).params))
      throw new HeaplabError(
        `no chosen workload has a parameter '${k}' (${names.map((n) => `${n}: ${Object.keys(getWorkload(n).params).join(", ")}`).join("; ")})`,
      );
  }
  const repeat = repeatOptions(options);
  const quiet = options.json === true || options.csv === true;
  const progress = progressReporter();
  const results = compareStrategies(
    names.map((workload) => ({ workload, params: paramsFor(workload, params) })),
    chosen,
    {
      catalog,
      ...repeat,
      ...(options.heapLimit !== undefined ? { heapLimit: Number(options.heapLimit) } : {}),
      ...(options.seed !== undefined ? { seed: Number(options.seed) } : {}),
      ...(Object.keys(setting).length > 0
        ? { settings: Object.fromEntries(chosen.map((s) => [s, setting])) }
        : {}),
      ...(quiet || !process.stderr.isTTY ? {} : { onProgress: (p) => progress.update(p) }),
    },
  );
  progress.done();
  if (options.json) console.log(JSON.stringify(results.map(toRecord), null, 2));
  else if (options.csv) console.log(toCsv(results));
  else printReport(results, (w) => getWorkload(w).description);
}
