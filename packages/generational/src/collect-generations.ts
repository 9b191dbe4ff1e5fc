import type { CollectReason } from "@heaplab/runtime";
import { collectMain } from "./collect-main";
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
  const services = c.heap.heap;
  const events = services.events;
  const seq = services.nextGcSeq();
  const before = c.heap.usedBytes;
  const t0 = events.active ? performance.now() : 0;
  if (events.active) {
    events.emit({
      type: "gc-start",
      seq,
      generation,
      reason,
      heapBytes: services.os.heldBytes,
      atAllocation: services.allocations(),
    });
  }
  for (const cb of [...callbacks]) invoke(c, cb, "start", generation, 0, 0);
  const r = collectMain(c, generation, seq);
  for (const cb of [...callbacks]) invoke(c, cb, "stop", generation, r.collected, r.uncollectable);
  if (events.active) {
    events.emit({
      type: "gc-end",
      seq,
      generation,
      reason,
      pauseMs: performance.now() - t0,
      collected: r.collected + r.uncollectable,
      uncollectable: r.uncollectable,
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
  return r.collected + r.uncollectable;
}

function invoke(
  c: GenerationalCollector,
  cb: GcCallback,
  phase: "start" | "stop",
  generation: number,
  collected: number,
  uncollectable: number,
): void {
  try {
    cb(phase, { generation, collected, uncollectable });
  } catch (e) {
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    c.heap.heap.events.emit({ type: "unraisable", message: `Exception ignored in: <gc callback>\n${msg}` });
  }
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
