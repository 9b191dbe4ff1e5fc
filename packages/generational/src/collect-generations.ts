import type { CollectReason } from "@heaplab/runtime";
import { collectMain } from "./collect-main";
import { closeCollection, invokeCallback, openCollection } from "./collection-events";
import { type GenerationalCollector, NUM_GENERATIONS } from "./collector";

/**
 * A `gc.callbacks` entry.
 * @example
 * rt.strategy.gc?.callbacks.push((phase, info) => { if (phase === "stop") console.log(info.collected); });
 */
export type GcCallback = (
  phase: "start" | "stop",
  info: { generation: number; collected: number; uncollectable: number },
) => void;

/**
 * `gc_collect_with_callback`: the `start` callbacks, `gc_collect_main`, the `stop` callbacks (with what
 * was found); around them the runtime's `gc-start`/`gc-end` events. The caller holds `collecting`.
 * @returns collected + uncollectable.
 */
export function collectWithCallback(
  c: GenerationalCollector,
  callbacks: readonly GcCallback[],
  generation: number,
  reason: CollectReason,
): number {
  const start = openCollection(c, generation, reason);
  for (const cb of [...callbacks]) invokeCallback(c, cb, "start", generation, 0, 0);
  const r = collectMain(c, generation, start.seq);
  for (const cb of [...callbacks]) invokeCallback(c, cb, "stop", generation, r.collected, r.uncollectable);
  closeCollection(c, start, r);
  return r.collected + r.uncollectable;
}

/**
 * `gc_collect_generations` (inside the allocation that pushed generation 0 past its threshold): the
 * oldest generation whose count exceeds its threshold is collected, except that generation 2 is skipped
 * while `long_lived_pending < long_lived_total / 4` (the 25% rule). Exactly one generation per trigger.
 */
export function collectGenerations(c: GenerationalCollector, callbacks: readonly GcCallback[]): number {
  for (let i = NUM_GENERATIONS - 1; i >= 0; i--) {
    if (c.counts[i]! > c.thresholds[i]!) {
      if (i === NUM_GENERATIONS - 1 && c.longLivedPending < Math.floor(c.longLivedTotal / 4)) continue;
      return collectWithCallback(c, callbacks, i, "threshold");
    }
  }
  return 0;
}
