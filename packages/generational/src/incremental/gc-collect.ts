import type { CollectReason } from "@heaplab/runtime";
import type { GcCallback } from "../collect-generations";
import type { CollectResult } from "../collect-main";
import { closeCollection, invokeCallback, openCollection } from "../collection-events";
import { collectFull } from "./collect-full";
import { collectIncrement } from "./collect-increment";
import { collectYoung } from "./collect-young";
import type { IncrementalCollector } from "./incremental-collector";

/**
 * `_PyGC_Collect(generation)` under the incremental collector: nothing if a collection is running
 * (the `collecting` compare-and-swap), else the `start` callbacks, then one of three collections —
 * 0: `gc_collect_young`, 1: `gc_collect_increment` (what every automatic collection is, so callbacks
 * and `gc.get_stats()` report them as generation 1), 2: `gc_collect_full` — then the statistics of
 * that index (a mark-only increment adds none) and the `stop` callbacks. Around them the runtime's
 * `gc-start`/`gc-end` events.
 * @returns collected + uncollectable.
 */
export function gcCollect(
  c: IncrementalCollector,
  callbacks: readonly GcCallback[],
  rootedExtras: readonly number[],
  generation: number,
  reason: CollectReason,
): number {
  if (c.collecting) return 0;
  c.collecting = true;
  try {
    const start = openCollection(c, generation, reason);
    const seq = start.seq;
    for (const cb of [...callbacks]) invokeCallback(c, cb, "start", generation, 0, 0);
    let r: CollectResult | null;
    if (generation === 0) r = collectYoung(c, seq);
    else if (generation === 1) r = collectIncrement(c, rootedExtras, seq);
    else r = collectFull(c, seq);
    const found = r ?? { collected: 0, uncollectable: 0 };
    if (r !== null) {
      const s = c.stats[generation]!;
      s.collections++;
      s.collected += r.collected;
      s.uncollectable += r.uncollectable;
    }
    for (const cb of [...callbacks])
      invokeCallback(c, cb, "stop", generation, found.collected, found.uncollectable);
    closeCollection(c, start, found);
    return found.collected + found.uncollectable;
  } finally {
    c.collecting = false;
  }
}
