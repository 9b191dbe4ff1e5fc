import { addStatus, FINALIZED } from "../header";
import type { LivenessOps } from "./liveness";

/**
 * The finalizable objects and the f-reachable queue (the CLR's finalization queue and f-reachable
 * queue, the JVM's `Finalizer` references): every object of a type with a finalizer is registered at
 * allocation; a collection that finds one dead marks it FINALIZED, queues it and keeps it (and all it
 * reaches) alive, so its finalizer runs exactly once, later, and may resurrect it.
 *
 * @example
 * queue.register(obj);                      // at allocation
 * queue.queueDead(marker.liveness(), seq);   // after the strong closure
 * queue.drain((obj, seq) => heap.runFinalizer(obj, seq)); // at a safepoint
 */
export class FinalizationQueue {
  /** Finalizable objects not yet queued (addresses; rewritten when they move). */
  registered: number[] = [];
  /** The f-reachable queue: objects found dead whose finalizers wait (roots until they ran). */
  readonly pending: number[] = [];
  /** The collection that queued each pending object. */
  private readonly pendingSeq: number[] = [];

  register(obj: number): void {
    this.registered.push(obj);
  }

  /**
   * Queues every registered object the closure did not reach and retains it (then completes the
   * closure once). Before: the strong closure is complete. After: `registered` holds the survivors
   * (pre-collection addresses), `pending` the queued objects at their current addresses.
   * @returns how many were queued.
   */
  queueDead(ops: LivenessOps, seq: number, u32of: () => Uint32Array): number {
    if (this.registered.length === 0) return 0;
    const keep: number[] = [];
    let queued = 0;
    for (const obj of this.registered) {
      if (ops.isLive(obj)) keep.push(obj);
      else {
        addStatus(u32of(), obj, FINALIZED);
        this.pending.push(ops.retain(obj));
        this.pendingSeq.push(seq);
        queued++;
      }
    }
    if (queued > 0) ops.drain();
    this.registered = keep;
    return queued;
  }

  /** Runs `run` for every queued object, oldest first, including any queued meanwhile; returns how many ran. */
  drain(run: (obj: number, seq: number) => void): number {
    let n = 0;
    while (this.pending.length > 0) {
      const obj = this.pending.shift()!;
      run(obj, this.pendingSeq.shift()!);
      n++;
    }
    return n;
  }
}
