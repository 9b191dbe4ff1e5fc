import { ConfigError } from "../errors";
import type { HeapStats, Strategy } from "../strategy/strategy";

/**
 * What `new Runtime` accepts and what it refuses, checked before any memory is reserved: a bad option
 * or a strategy instance that already serves a runtime is a `ConfigError`, never a half-built runtime.
 */

/**
 * Options for `new Runtime`.
 * @example
 * const rt = new Runtime(createNoneStrategy(), { heapLimit: 64 << 20 });
 */
export interface RuntimeOptions {
  /** Most bytes the heap may hold from the operating system, a whole number of bytes. Default 512 MiB. */
  heapLimit?: number;
}

/**
 * Runtime-level counters, beside the strategy's own `HeapStats`.
 * @example
 * const { allocations, usedBytes, liveObjects } = rt.stats();
 */
export interface RuntimeStats extends HeapStats {
  /** Objects allocated since the runtime started. */
  allocations: number;
  /** Bytes requested for objects since the runtime started (prefix + body). */
  allocatedBytes: number;
  /** Live handles. */
  handles: number;
}

const DEFAULT_LIMIT = 512 * 1024 * 1024;
/** Linear memory cannot exceed 4 GiB less a page, and the heap needs at least one page. */
const MAX_LIMIT = 4 * 1024 * 1024 * 1024 - 65536 - 4 * 1024 * 1024;

/**
 * Checks `new Runtime`'s options and returns the heap limit in bytes.
 * @throws ConfigError naming the option.
 */
export function checkOptions(options: RuntimeOptions): number {
  if (options === null || typeof options !== "object")
    throw new ConfigError(`Runtime options must be an object, not ${String(options)}`);
  for (const key of Object.keys(options))
    if (key !== "heapLimit") throw new ConfigError(`unknown Runtime option '${key}'; known: heapLimit`);
  const limit = options.heapLimit ?? DEFAULT_LIMIT;
  if (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit < 65536 || limit > MAX_LIMIT) {
    throw new ConfigError(
      `heapLimit must be a whole number of bytes from 65,536 to ${MAX_LIMIT.toLocaleString("en-US")}, not ${String(limit)}`,
    );
  }
  return limit;
}

/** Strategies already attached to a runtime: a strategy keeps one heap's state and cannot serve two. */
const attached = new WeakSet<Strategy>();

/**
 * Checks that `strategy` is one and that no other runtime holds it, before anything is built.
 * @throws ConfigError for something that is not a strategy, or one another runtime already holds.
 */
export function checkStrategy(strategy: Strategy): void {
  if (strategy === null || typeof strategy !== "object" || typeof strategy.attach !== "function")
    throw new ConfigError("new Runtime needs a strategy (e.g. createNoneStrategy())");
  if (attached.has(strategy)) {
    throw new ConfigError(
      `this '${strategy.name}' strategy instance is already attached to another Runtime; create one strategy per Runtime`,
    );
  }
}

/**
 * Claims `strategy` for the runtime about to attach it: the last step before `attach`, so a runtime
 * that failed to build (its linear memory refused, say) leaves the strategy free for another.
 */
export function claimStrategy(strategy: Strategy): void {
  attached.add(strategy);
}
