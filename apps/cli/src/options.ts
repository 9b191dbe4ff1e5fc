import {
  catalog,
  describeStrategy,
  parseByteSize,
  type SettingValue,
  settingsByStrategy,
} from "@heaplab/catalog";
import { HeaplabError } from "@heaplab/runtime";
import { type ParamValue, type Workload, workloads } from "@heaplab/workloads";

/**
 * The options every command shares, parsed and checked before any work starts: a bad value is one
 * `UsageError` naming the option and what it takes, never a `NaN` that fails later inside a run.
 * cac hands values over as strings, numbers (when they look numeric) or arrays (when repeated), so
 * every parser takes `unknown` and reads its text.
 */

/** A command line that cannot be run as given (exit status 2). */
export class UsageError extends HeaplabError {
  override name = "UsageError";
}

/** WebAssembly memory spans at most 4 GiB; a larger heap limit could never be reached. */
const MAX_HEAP_BYTES = 4 * 1024 ** 3;

/**
 * `a`, `[a, b]`, `"a,b"` → `["a", "b"]`.
 * @example
 * list(["a,b", "c"]); // ["a", "b", "c"]
 */
export function list(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(",")).filter((x) => x !== "");
}

/** The last value of an option given once or repeated (cac makes an array of a repeated option). */
function single(v: unknown): unknown {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/**
 * `key=value` pairs as text, in order.
 * @throws UsageError for an item without `=` or with an empty key.
 * @example
 * pairs(["count=10", "depth=3"], "--param"); // { count: "10", depth: "3" }
 */
export function pairs(v: unknown, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of v === undefined ? [] : Array.isArray(v) ? v : [v]) {
    const text = String(kv);
    const i = text.indexOf("=");
    if (i <= 0) throw new UsageError(`${flag} expects key=value, got '${text}'`);
    out[text.slice(0, i)] = text.slice(i + 1);
  }
  return out;
}

/**
 * A whole number option at least `min`, or `undefined` when absent.
 * @throws UsageError naming the option and the value.
 * @example
 * wholeNumber("3", "--iterations", 1); // 3
 */
export function wholeNumber(v: unknown, flag: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const text = String(single(v));
  const n = /^-?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min)
    throw new UsageError(`${flag} takes a whole number${min > 0 ? ` ≥ ${min}` : " ≥ 0"}, not '${text}'`);
  return n;
}

/**
 * `--seed N`: the workloads' PRNG takes 32 bits.
 * @example
 * parseSeed("42"); // 42
 */
export function parseSeed(v: unknown): number | undefined {
  const n = wholeNumber(v, "--seed", 0);
  if (n !== undefined && n > 0xffff_ffff)
    throw new UsageError(`--seed takes a whole number from 0 to 4294967295, not '${String(single(v))}'`);
  return n;
}

/**
 * The strategies named by `--strategy` (all of them when absent), each checked against the catalog.
 * @throws UsageError naming the known strategies.
 * @example
 * strategyNames("refcount,none"); // ["refcount", "none"]
 */
export function strategyNames(v: unknown): string[] {
  const names = list(v);
  for (const n of names)
    if (!catalog.names().includes(n))
      throw new UsageError(`unknown strategy '${n}'; known strategies: ${catalog.names().join(", ")}`);
  return names.length > 0 ? names : catalog.names();
}

/**
 * The workload named `name`.
 * @throws UsageError naming the known workloads (`heaplab workloads` describes them).
 */
export function workloadNamed(name: string): Workload {
  const w = workloads.find((x) => x.name === name);
  if (w === undefined)
    throw new UsageError(
      `unknown workload '${name}'; known workloads: ${workloads.map((x) => x.name).join(", ")} (see 'heaplab workloads')`,
    );
  return w;
}

/**
 * `--heap-limit` as bytes (`16MiB`, `512KiB`, `1GiB` or plain bytes), or `undefined` when absent.
 * @throws UsageError for another form, more than WebAssembly's 4 GiB, or less than the smallest heap a
 *   chosen strategy can be built with (`Constraints.minHeapBytes`).
 * @example
 * parseHeapLimit("16MiB", ["cpython-3.11"]); // 16777216
 */
export function parseHeapLimit(v: unknown, strategies: readonly string[]): number | undefined {
  if (v === undefined) return undefined;
  const text = String(single(v));
  let bytes: number;
  try {
    bytes = parseByteSize(text, "--heap-limit");
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (bytes > MAX_HEAP_BYTES)
    throw new UsageError(`--heap-limit ${text} is more than WebAssembly memory can hold (4GiB)`);
  for (const s of strategies) {
    const min = describeStrategy(catalog.get(s)).constraints.minHeapBytes;
    if (min !== null && bytes < min)
      throw new UsageError(`--heap-limit ${text} is too small for '${s}': it needs at least ${min} bytes`);
  }
  return bytes;
}

/**
 * `--setting key=value` for the chosen strategies: each strategy gets the keys it reads, converted to
 * their kind (booleans only true/false/1/0).
 * @throws UsageError for a key no chosen strategy reads (naming their settings) or a bad value.
 * @example
 * parseStrategySettings("neverReleaseArenas=true", ["refcount"]); // { refcount: { neverReleaseArenas: true } }
 */
export function parseStrategySettings(
  v: unknown,
  strategies: readonly string[],
): Record<string, Record<string, SettingValue>> {
  try {
    return settingsByStrategy(strategies, pairs(v, "--setting"));
  } catch (e) {
    throw e instanceof UsageError ? e : new UsageError((e as Error).message);
  }
}

/**
 * Reads `text` as the kind of the workload's default for `key`: numbers must be finite numbers,
 * booleans true/false/1/0, strings anything.
 */
function paramValue(workload: Workload, key: string, text: string): ParamValue {
  const dflt = workload.params[key];
  if (typeof dflt === "number") {
    const n = text.trim() === "" ? Number.NaN : Number(text);
    if (!Number.isFinite(n))
      throw new UsageError(`--param ${key} takes a number for ${workload.name}, not '${text}'`);
    return n;
  }
  if (typeof dflt === "boolean") {
    if (text === "true" || text === "1") return true;
    if (text === "false" || text === "0") return false;
    throw new UsageError(`--param ${key} takes true, false, 1 or 0 for ${workload.name}, not '${text}'`);
  }
  return text;
}

/**
 * `--param key=value` for the chosen workloads: each workload gets the keys it declares, converted to
 * the kind of its default, so `--param count=abc` is refused before anything runs.
 * @throws UsageError for a key no chosen workload declares (naming their parameters) or a bad value.
 * @example
 * parseWorkloadParams("count=10", [listCycle]); // { "list-cycle": { count: 10 } }
 */
export function parseWorkloadParams(
  v: unknown,
  chosen: readonly Workload[],
): Record<string, Record<string, ParamValue>> {
  const raw = pairs(v, "--param");
  for (const k of Object.keys(raw))
    if (!chosen.some((w) => k in w.params))
      throw new UsageError(
        `no chosen workload has a parameter '${k}' (${chosen.map((w) => `${w.name}: ${Object.keys(w.params).join(", ")}`).join("; ")})`,
      );
  return Object.fromEntries(
    chosen.map((w) => [
      w.name,
      Object.fromEntries(
        Object.entries(raw)
          .filter(([k]) => k in w.params)
          .map(([k, text]) => [k, paramValue(w, k, text)]),
      ),
    ]),
  );
}

/**
 * Options that take a value and may be given a negative number. A parser of flags reads `--baseline -5`
 * as the unknown flag `-5`; joining them (`--baseline=-5`) lets the option's own check refuse the value
 * by name.
 * @example
 * joinNegativeValues(["replay", "--baseline", "-5"]); // ["replay", "--baseline=-5"]
 */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (/^--[a-z][a-z-]*$/.test(a) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}
