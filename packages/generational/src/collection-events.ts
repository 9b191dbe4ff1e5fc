import type { CollectReason } from "@heaplab/runtime";
import type { GcCallback } from "./collect-generations";
import type { GenerationalCollector } from "./collector";

/**
 * What the events around one collection remember from its start: its number, the generation and
 * reason, the bytes in objects and the clock before it ran.
 */
export interface CollectionStart {
  readonly seq: number;
  readonly generation: number;
  readonly reason: CollectReason;
  readonly before: number;
  readonly t0: number;
}

/**
 * Numbers a collection and emits its `gc-start` event (when anyone listens). Every CPython collector
 * here, the generational one and 3.14's incremental one, opens a collection through this, so the
 * runtime's tools read the same events from both.
 * @example
 * const start = openCollection(c, 0, "threshold"); // … collect … closeCollection(c, start, found);
 */
export function openCollection(
  c: GenerationalCollector,
  generation: number,
  reason: CollectReason,
): CollectionStart {
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
  return { seq, generation, reason, before, t0 };
}

/**
 * Emits a collection's `gc-end` event (its pause, what it found and freed; a CPython collector moves
 * and promotes no bytes) and a heap sample, when anyone listens.
 * @example
 * closeCollection(c, start, { collected: 2, uncollectable: 0 });
 */
export function closeCollection(
  c: GenerationalCollector,
  start: CollectionStart,
  found: { readonly collected: number; readonly uncollectable: number },
): void {
  const services = c.heap.heap;
  const events = services.events;
  if (!events.active) return;
  events.emit({
    type: "gc-end",
    seq: start.seq,
    generation: start.generation,
    reason: start.reason,
    pauseMs: performance.now() - start.t0,
    collected: found.collected + found.uncollectable,
    uncollectable: found.uncollectable,
    freedBytes: Math.max(0, start.before - c.heap.usedBytes),
    movedBytes: 0,
    promotedBytes: 0,
    heapBytesBefore: start.before,
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

/**
 * Calls one `gc.callbacks` entry; what it raises is unraisable, as CPython's `invoke_gc_callback`
 * reports it, so a callback never leaves a collection half done.
 * @example
 * for (const cb of [...callbacks]) invokeCallback(c, cb, "start", generation, 0, 0);
 */
export function invokeCallback(
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
