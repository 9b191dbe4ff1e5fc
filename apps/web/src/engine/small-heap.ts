import type { ParamValue } from "@heaplab/workloads";

/**
 * Strategy settings that make each collector start collecting after a few hundred KiB instead of
 * several MiB, so the short programs of a lesson show collections under every strategy. They shrink
 * the trigger or the young space only (the same collector, run sooner); strategies without such a
 * setting are absent. The names are each strategy's own (`heaplab strategies --json` lists them).
 *
 * @example
 * compareStrategies(choices, names, { catalog, settings: SMALL_HEAP_SETTINGS });
 */
export const SMALL_HEAP_SETTINGS: Readonly<Record<string, Record<string, ParamValue>>> = {
  "mark-sweep": { "min-heap": 256 << 10 },
  "mark-compact": { "region-bytes": 256 << 10, "min-heap": 256 << 10 },
  semispace: { "semispace-bytes": 256 << 10, "min-heap": 256 << 10 },
  "jvm-serial": { "initial-heap": 1 << 20 },
  clr: { GCgen0size: 128 << 10 },
  gencopy: { "nursery-bytes": 256 << 10 },
};
