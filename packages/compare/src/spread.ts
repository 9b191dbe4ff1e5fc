/**
 * The timings the engine repeats and summarises over measured runs. Every other figure of a run
 * (allocations, collections, bytes, leaks) is deterministic for a workload, seed and strategy; these
 * depend on the machine, the JIT and whatever else runs, so one run of them is not a measurement.
 *
 * @example
 * for (const f of TIMING_FIGURES) console.log(f, result.spread[f].median);
 */
export const TIMING_FIGURES = ["wallSeconds", "totalPauseMs", "maxPauseMs", "p99PauseMs", "mmu"] as const;

/**
 * The name of one repeated timing: a field of `RunResult`.
 * @example
 * const figure: TimingFigure = "p99PauseMs"; result.spread[figure].median;
 */
export type TimingFigure = (typeof TIMING_FIGURES)[number];

/**
 * A spread is wide when the measured runs' range (max − min) exceeds this share of their median. A
 * quarter is where a reader comparing two strategies' medians can no longer trust a 1.3× difference.
 *
 * @example
 * (max - min) / median > WIDE_RELATIVE_SPREAD; // the spread is wide
 */
export const WIDE_RELATIVE_SPREAD = 0.25;

/**
 * MMU is a fraction of a window (0..1), not a duration: its spread is wide when the range exceeds
 * this many units (10 percentage points) whatever the median.
 *
 * @example
 * maxMmu - minMmu > WIDE_MMU_RANGE; // the MMU spread is wide
 */
export const WIDE_MMU_RANGE = 0.1;

/**
 * One timing over the measured runs.
 * @example
 * const s = result.spread.wallSeconds; if (s.wide) console.log(`${s.min}..${s.max}`);
 */
export interface FigureSpread {
  /** The median of the runs that had a value (null when none had: MMU of runs shorter than its window). */
  median: number | null;
  min: number | null;
  max: number | null;
  /** `(max − min) / median`, or null when the median is 0 or null. */
  relativeSpread: number | null;
  /** Whether the spread is too wide to trust the median alone (see `WIDE_RELATIVE_SPREAD`). */
  wide: boolean;
  /** Each measured run's value, in run order (null: that run had no value). */
  values: (number | null)[];
}

/**
 * The median of `values` (mean of the two middle values for an even count); null for none.
 *
 * @example
 * median([3, 1, 2]); // 2
 * median([4, 1, 3, 2]); // 2.5
 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Summarises one timing over the measured runs: median, range, and whether the range is wide. A
 * single run has no spread (0) and is never wide: the output says how many runs there were instead.
 *
 * @example
 * spreadOf("maxPauseMs", [1.0, 1.1, 3.0]).wide; // true: (3.0 − 1.0) / 1.1 > 0.25
 */
export function spreadOf(figure: TimingFigure, values: readonly (number | null)[]): FigureSpread {
  const known = values.filter((v): v is number => v !== null);
  const mid = median(known);
  const min = known.length > 0 ? Math.min(...known) : null;
  const max = known.length > 0 ? Math.max(...known) : null;
  const range = min === null || max === null ? 0 : max - min;
  const relativeSpread = mid === null || mid === 0 ? null : range / mid;
  const wide =
    figure === "mmu"
      ? range > WIDE_MMU_RANGE
      : relativeSpread === null
        ? range > 0
        : relativeSpread > WIDE_RELATIVE_SPREAD;
  return { median: mid, min, max, relativeSpread, wide, values: [...values] };
}
