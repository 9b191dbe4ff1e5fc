import { ConfigError, type Constraints, type StrategyOptions } from "@heaplab/runtime";

/** The heap limit a plan sizes its defaults for when it is not told one (the runtime's default). */
export const DEFAULT_HEAP_LIMIT = 512 << 20;

/**
 * A plan's options, checked once at construction: every setting name must be one the plan knows, every
 * value a finite number (or a numeric string, as a command line gives it), and the heap limit at least
 * the plan's `minHeapBytes`. Anything else is a ConfigError naming the plan and the setting, raised
 * before any memory is mapped.
 *
 * @example
 * const s = new PlanSettings("semispace", SEMISPACE_CONSTRAINTS, options, ["semispace-bytes", "min-heap"]);
 * const half = s.number("semispace-bytes", Math.min(4 << 20, s.limit / 4));
 */
export class PlanSettings {
  /** The heap limit the plan will run under (its defaults scale with it). */
  readonly limit: number;
  private readonly values: Record<string, string | number | boolean>;

  constructor(
    private readonly plan: string,
    constraints: Constraints,
    options: StrategyOptions,
    known: readonly string[],
  ) {
    this.values = options.settings ?? {};
    for (const name of Object.keys(this.values))
      if (!known.includes(name))
        throw new ConfigError(
          `'${plan}' has no setting '${name}'; its settings are ${known.map((k) => `'${k}'`).join(", ")}`,
        );
    this.limit = options.heapLimit ?? DEFAULT_HEAP_LIMIT;
    checkHeapLimit(plan, constraints, this.limit);
  }

  /**
   * The numeric setting `name`, or `fallback`; `range` bounds it where a value outside would break the
   * plan (a ratio of 0 divides by zero). @throws ConfigError for anything but a finite number in range.
   */
  number(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const v = this.values[name];
    if (v === undefined) return fallback;
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
    if (!Number.isFinite(n))
      throw new ConfigError(`'${this.plan}' setting '${name}' must be a number, got ${JSON.stringify(v)}`);
    const { min = -Infinity, max = Infinity } = range;
    if (n < min || n > max) {
      const bounds = max === Infinity ? `at least ${min}` : `from ${min} to ${max}`;
      throw new ConfigError(`'${this.plan}' setting '${name}' must be ${bounds}, got ${n}`);
    }
    return n;
  }

  /** The setting `name`, one of `choices`, or `fallback`. @throws ConfigError for any other value. */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const v = this.values[name];
    if (v === undefined) return fallback;
    if (typeof v !== "string" || !(choices as readonly string[]).includes(v))
      throw new ConfigError(
        `'${this.plan}' setting '${name}' must be ${choices.map((c) => `"${c}"`).join(" or ")}, got ${JSON.stringify(v)}`,
      );
    return v as T;
  }
}

/**
 * Refuses a heap limit below the plan's stated minimum.
 * @throws ConfigError naming both numbers.
 * @example
 * checkHeapLimit("jvm-serial", JVM_SERIAL_CONSTRAINTS, 1 << 20); // throws: the minimum is 2 MiB
 */
export function checkHeapLimit(plan: string, constraints: Constraints, limit: number): void {
  const min = constraints.minHeapBytes ?? 0;
  if (!(limit >= min))
    throw new ConfigError(`'${plan}' needs a heap limit of at least ${min} bytes, got ${limit}`);
}
