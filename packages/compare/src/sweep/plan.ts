import { HeaplabError } from "@heaplab/runtime";
import type { Params, ParamValue } from "@heaplab/workloads";

/**
 * The heap multiples a sweep runs at by default: the factors GC papers plot (Blackburn et al.).
 *
 * @example
 * runSweep({ ...plan, multiples: DEFAULT_MULTIPLES }, options);
 */
export const DEFAULT_MULTIPLES: readonly number[] = [1.25, 1.5, 2, 3, 4, 6];

/**
 * What a sweep measures: every workload under every strategy, at multiples of its minimum heap.
 * @example
 * const plan = checkPlan({ workloads: sweepSet, strategies: ["clr"], multiples: DEFAULT_MULTIPLES,
 *   runs: 3, seed: 1, settings: {}, searchPrecision: 0.05 });
 */
export interface SweepPlan {
  /** Workloads with the parameters they run with. */
  workloads: readonly { workload: string; params: Params }[];
  strategies: readonly string[];
  /** Heap sizes as multiples of each pair's minimum heap, each at least 1. */
  multiples: readonly number[];
  /** Measured runs at each heap size. */
  runs: number;
  seed: number;
  /** Strategy settings by strategy name (as `compareStrategies` takes them). */
  settings: Readonly<Record<string, Readonly<Record<string, ParamValue>>>>;
  /** The minimum-heap search stops when its bracket is narrower than this share of the heap. */
  searchPrecision: number;
}

/** One workload × strategy: the unit a shard takes, searched and then run at every multiple. */
export interface SweepPair {
  /** Position in the plan's job list (workload-major). */
  index: number;
  workload: string;
  params: Params;
  strategy: string;
}

/**
 * `i/n` of `--shard`: this is the i-th (1-based) of n slices.
 * @example
 * const shard: Shard = parseShard("2/4"); // { index: 2, count: 4 }: the second of four shards
 */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Checks a plan built from user input.
 * @throws HeaplabError: no workloads or strategies, a multiple below 1 or not finite, runs below 1
 *
 * @example
 * checkPlan({ ...plan, multiples: [0.5] }); // throws "heap multiples must be at least 1, got 0.5"
 */
export function checkPlan(plan: SweepPlan): SweepPlan {
  if (plan.workloads.length === 0) throw new HeaplabError("a sweep needs at least one workload");
  if (plan.strategies.length === 0) throw new HeaplabError("a sweep needs at least one strategy");
  if (plan.multiples.length === 0) throw new HeaplabError("a sweep needs at least one heap multiple");
  for (const m of plan.multiples)
    if (!Number.isFinite(m) || m < 1)
      throw new HeaplabError(
        `heap multiples must be at least 1 (a multiple of the minimum heap the run completes in), got ${m}`,
      );
  if (!Number.isSafeInteger(plan.runs) || plan.runs < 1)
    throw new HeaplabError(`runs must be a whole number of at least 1, got ${plan.runs}`);
  if (!(plan.searchPrecision > 0 && plan.searchPrecision < 1))
    throw new HeaplabError(`searchPrecision must be between 0 and 1, got ${plan.searchPrecision}`);
  return plan;
}

/**
 * The job list: every workload × strategy pair, workload-major. Deterministic for a plan.
 *
 * @example
 * sweepPairs(plan).map((p) => `${p.workload}/${p.strategy}`);
 */
export function sweepPairs(plan: SweepPlan): SweepPair[] {
  const out: SweepPair[] = [];
  for (const w of plan.workloads)
    for (const s of plan.strategies)
      out.push({ index: out.length, workload: w.workload, params: w.params, strategy: s });
  return out;
}

/**
 * The plan's identity: a 64-bit FNV-1a hash (two 32-bit lanes) of its canonical JSON (keys sorted),
 * as 16 hex digits. Each shard records it, and merge refuses shards whose hashes differ: they measured
 * different job lists. Not cryptographic (it guards against mistakes, not forgery); pure JS, so the
 * engine still runs in a browser.
 *
 * @example
 * planHash(plan).length; // 16
 */
export function planHash(plan: SweepPlan): string {
  const text = canonical(plan);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, "0");
  return hex(a) + hex(b);
}

/** JSON with object keys sorted at every level, so equal plans hash equally. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

/**
 * Parses `--shard i/n`.
 * @throws HeaplabError unless i and n are whole numbers with 1 ≤ i ≤ n
 *
 * @example
 * parseShard("2/4"); // { index: 2, count: 4 }
 */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new HeaplabError(`--shard takes i/n with 1 ≤ i ≤ n (e.g. 2/4), got '${text}'`);
  return { index, count };
}

/**
 * The pairs shard `i/n` runs: every n-th pair starting at the i-th, so each shard gets a mix of
 * workloads and the shards' work is balanced. Together the n shards cover the job list exactly once.
 *
 * @example
 * shardPairs(pairs, { index: 1, count: 2 }); // pairs 0, 2, 4, …
 */
export function shardPairs(pairs: readonly SweepPair[], shard: Shard | null): SweepPair[] {
  if (shard === null) return [...pairs];
  return pairs.filter((p) => p.index % shard.count === shard.index - 1);
}
