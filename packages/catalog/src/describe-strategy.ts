import type { Constraints, StrategyEntry } from "@heaplab/runtime";
import { settingsOf } from "./parse-settings";
import type { SettingSpec } from "./setting-specs";

/** A strategy as data: what `heaplab strategies --json` prints. */
export interface StrategyDescription {
  readonly name: string;
  readonly description: string;
  /**
   * The strategy's constraints; an infinite `largeObjectThreshold` becomes null, as JSON has no
   * Infinity, and so does a `minHeapBytes` the strategy does not state.
   */
  readonly constraints: Omit<Constraints, "largeObjectThreshold" | "minHeapBytes"> & {
    largeObjectThreshold: number | null;
    minHeapBytes: number | null;
  };
  readonly settings: readonly SettingSpec[];
}

/**
 * Describes a catalog entry without building a heap: a strategy object is made but never attached to a
 * runtime, so no memory is reserved and no heap limit can be too small for it.
 *
 * @example
 * describeStrategy(catalog.get("refcount")).constraints.minHeapBytes; // 262144
 */
export function describeStrategy(entry: StrategyEntry): StrategyDescription {
  const c = entry.create({}).constraints;
  return {
    name: entry.name,
    description: entry.description,
    constraints: {
      ...c,
      largeObjectThreshold: Number.isFinite(c.largeObjectThreshold) ? c.largeObjectThreshold : null,
      minHeapBytes: c.minHeapBytes ?? null,
    },
    settings: settingsOf(entry.name),
  };
}
