import type { ObjectModel } from "@heaplab/runtime";
import { WR_CALLBACK, WR_NEXT, WR_OBJECT, WR_PREV } from "@heaplab/runtime/internals";
import type { LivenessOps } from "./liveness";

/**
 * The weak references of a tracing heap (the JVM's reference processing, the CLR's short weak
 * handles): every weak reference object is registered at allocation; after a collection's closure the
 * ones whose referent was not strongly reachable are cleared and their callbacks queued, and the weak
 * lists of surviving referents are rebuilt from surviving weak references only.
 *
 * @example
 * const strong = weak.strongReferents(ops, u32of);  // before finalization resurrects anything
 * finalization.queueDead(ops, seq, u32of);
 * weak.clearOrRelink(ops, strong, seq, model, u32of);
 */
export class WeakReferenceProcessor {
  /** Every weak reference object alive (addresses; rewritten when they move). */
  registered: number[] = [];
  /** Cleared weak references whose callbacks wait (roots until they ran). */
  readonly pendingCallbacks: number[] = [];
  private readonly pendingSeq: number[] = [];

  register(wr: number): void {
    this.registered.push(wr);
  }

  /**
   * Which referents the strong closure reached, noted before finalization retains more (a referent kept
   * only for its finalizer is not strongly reachable: its weak references are cleared).
   */
  strongReferents(ops: LivenessOps, u32of: () => Uint32Array): Map<number, boolean> {
    const strong = new Map<number, boolean>();
    for (const wr of this.registered) {
      const r = u32of()[(wr + WR_OBJECT) >>> 2]!;
      if (r !== 0 && !strong.has(r)) strong.set(r, ops.isLive(r));
    }
    return strong;
  }

  /**
   * For each referent: if strongly reachable, its weak list is relinked from its surviving weak
   * references; else each surviving weak reference is cleared and its callback (if any) queued. Before:
   * the closure, finalization included, is complete. After: no weak list names a dead weak reference,
   * `registered` holds the survivors (pre-collection addresses).
   */
  clearOrRelink(
    ops: LivenessOps,
    strong: Map<number, boolean>,
    seq: number,
    model: ObjectModel,
    u32of: () => Uint32Array,
  ): void {
    if (this.registered.length === 0) return;
    const done = new Set<number>();
    const survivors: number[] = [];
    for (const wr of this.registered) {
      const r = u32of()[(wr + WR_OBJECT) >>> 2]!;
      if (r !== 0 && !done.has(r)) {
        done.add(r);
        const off = model.typeOf(r).weaklistOffset;
        const members: number[] = [];
        for (let w = u32of()[(r + off) >>> 2]!; w !== 0; w = u32of()[(w + WR_NEXT) >>> 2]!)
          if (ops.isLive(w)) members.push(ops.current(w));
        const rLive = ops.isLive(r);
        const rNow = rLive ? ops.current(r) : 0;
        const m = u32of();
        if (strong.get(r) === true) {
          m[(rNow + off) >>> 2] = members[0] ?? 0;
          ops.touched?.(rNow);
          for (let i = 0; i < members.length; i++) {
            const w = members[i]!;
            m[(w + WR_OBJECT) >>> 2] = rNow;
            m[(w + WR_PREV) >>> 2] = i > 0 ? members[i - 1]! : 0;
            m[(w + WR_NEXT) >>> 2] = members[i + 1] ?? 0;
            ops.touched?.(w);
          }
        } else {
          if (rLive) m[(rNow + off) >>> 2] = 0;
          for (const w of members) {
            m[(w + WR_OBJECT) >>> 2] = 0;
            m[(w + WR_PREV) >>> 2] = 0;
            m[(w + WR_NEXT) >>> 2] = 0;
            ops.touched?.(w);
            if (m[(w + WR_CALLBACK) >>> 2] !== 0) {
              this.pendingCallbacks.push(w);
              this.pendingSeq.push(seq);
            }
          }
        }
      }
      if (ops.isLive(wr)) survivors.push(wr);
    }
    this.registered = survivors;
  }

  /** Runs `run` for every queued callback, oldest first; returns how many ran. */
  drain(run: (wr: number, seq: number) => void): number {
    let n = 0;
    while (this.pendingCallbacks.length > 0) {
      const wr = this.pendingCallbacks.shift()!;
      run(wr, this.pendingSeq.shift()!);
      n++;
    }
    return n;
  }
}
