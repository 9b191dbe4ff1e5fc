import type { Handle, Runtime } from "@heaplab/runtime";

/**
 * A workload parameter's value.
 * @example
 * const v: ParamValue = true; // numbers, strings and booleans, as on the command line
 */
export type ParamValue = number | string | boolean;

/**
 * Parameters of one run: the workload's defaults, overridden by the user's `--param key=value`.
 * @example
 * const params: Params = { depth: 12, label: "tree" };
 * numParam(params, "depth"); // 12
 */
export type Params = Readonly<Record<string, ParamValue>>;

/**
 * What a running workload may ask of whoever runs it (the comparison engine, the leak finder, a test).
 *
 * @example
 * const ctx = createWorkloadContext({ seed: 1 });
 * getWorkload("leak-global-cache").run(rt, {}, ctx);
 * ctx.globals.get("_cache"); // the module-level cache, still alive: that is the leak
 */
export interface WorkloadContext {
  /** Deterministic randomness: workloads seed a PRNG with it (`createRandom(ctx.seed)`), never Math.random. */
  readonly seed: number;
  /** Labels the allocations that follow (tracemalloc's allocation site), e.g. "leak_cache.py:12 add". */
  site(label: string): void;
  /** Progress for long runs: called with (done, total). */
  progress(done: number, total: number): void;
  /**
   * Declares module-level state (`_cache = []` at the top of a module): returns a persistent handle to
   * `h`'s object that outlives `run`, as a module's globals outlive a call. Whoever runs the workload
   * releases globals when the "program" ends (see `WorkloadContextImpl.releaseGlobals`).
   */
  global(name: string, h: Handle): Handle;
  /** A line the program prints (binary-trees' `check:` lines). */
  print(line: string): void;
}

/**
 * A named, parameterised program written once against the mutator API, so it runs unchanged under
 * every strategy.
 *
 * @example
 * const w = getWorkload("list-cycle");
 * w.run(rt, { ...w.params, count: 100 }, createWorkloadContext({ seed: 1 }));
 */
export interface Workload {
  /** e.g. "leak-global-cache", "leak-global-cache-fixed", "binary-trees". */
  readonly name: string;
  readonly title: string;
  /** What it teaches, in two or three plain sentences. */
  readonly description: string;
  /** Defaults; "iterations" scales leaks. `run` receives these merged with the caller's overrides. */
  readonly params: Params;
  /** For a fix: the name of the leak it fixes. */
  readonly fixes?: string;
  /** Grouping for menus: "leak", "fix", "cycles", "cache", "allocator", "benchmark", "trace", ... */
  readonly tags?: readonly string[];
  run(rt: Runtime, params: Params, ctx: WorkloadContext): void;
}

/**
 * A number parameter, with a clear error when it is missing or not a number.
 *
 * @example
 * const n = numParam(params, "iterations"); // 1000
 */
export function numParam(params: Params, key: string): number {
  const v = params[key];
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  throw new TypeError(`workload parameter '${key}' must be a number, got ${JSON.stringify(v)}`);
}

/**
 * A boolean parameter ("true"/"false"/1/0 accepted).
 *
 * @example
 * boolParam({ pooled: "false" }, "pooled"); // false
 */
export function boolParam(params: Params, key: string): boolean {
  const v = params[key];
  if (typeof v === "boolean") return v;
  if (v === "true" || v === 1 || v === "1") return true;
  if (v === "false" || v === 0 || v === "0") return false;
  throw new TypeError(`workload parameter '${key}' must be true or false, got ${JSON.stringify(v)}`);
}

/**
 * A string parameter.
 *
 * @example
 * strParam({ file: "t.json" }, "file"); // "t.json"
 */
export function strParam(params: Params, key: string): string {
  const v = params[key];
  if (v === undefined) throw new TypeError(`workload parameter '${key}' is required`);
  return String(v);
}
