import type { CollectReason } from "@heaplab/runtime";
import type { GcCallback } from "../collect-generations";
import type { CollectResult } from "../collect-main";
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
    const services = c.heap.heap;
    const events = services.events;
    const seq = services.nextGcSeq();
    const before = c.heap.usedBytes;
    const t0 = events.active ? performance.now() : 0;
    if (events.active)
      events.emit({
        type: "gc-start",
        seq,
        generation,
        reason,
        heapBytes: services.os.heldBytes,
        atAllocation: services.allocations(),
      });
    for (const cb of [...callbacks]) invoke(c, cb, "start", generation, { collected: 0, uncollectable: 0 });
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
    for (const cb of [...callbacks]) invoke(c, cb, "stop", generation, found);
    if (events.active) {
      events.emit({
        type: "gc-end",
        seq,
        generation,
        reason,
        pauseMs: performance.now() - t0,
        collected: found.collected + found.uncollectable,
        uncollectable: found.uncollectable,
        freedBytes: Math.max(0, before - c.heap.usedBytes),
        movedBytes: 0,
        promotedBytes: 0,
        heapBytesBefore: before,
        heapBytesAfter: c.heap.usedBytes,
        atAllocation: services.allocations(),
      });
      events.emit({
        type: "heap-sample",
        atAllocation: services.allocations(),
        heldBytes: services.os.heldBytes,
        usedBytes: c.heap.usedBytes,
      });
    }
    return found.collected + found.uncollectable;
  } finally {
    c.collecting = false;
  }
}

/** One callback call; what it raises is unraisable, as CPython reports it. */
function invoke(
  c: IncrementalCollector,
  cb: GcCallback,
  phase: "start" | "stop",
  generation: number,
  r: CollectResult,
): void {
  try {
    cb(phase, { generation, collected: r.collected, uncollectable: r.uncollectable });
  } catch (e) {
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    c.heap.heap.events.emit({ type: "unraisable", message: `Exception ignored in: <gc callback>\n${msg}` });
  }
}
