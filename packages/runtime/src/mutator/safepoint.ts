import type { Strategy } from "../strategy/strategy";

/**
 * The mutator's safepoint. A tracing collection that finds finalizable objects or weak references with
 * callbacks queues them (`HeapServices.requestFinalization`) instead of running Python code in the
 * middle of a collection; the runtime runs them at the next safepoint, before an operation that may
 * allocate or store, as the JVM's and the CLR's finalizer threads run after the pause. Strategies that
 * finalize at once (reference counting) never request.
 *
 * Invariant: between `request` and the next `poll` or `drain` no finalizer of this runtime has run.
 * @example
 * const sp = new Safepoint(strategy);
 * sp.request(); // a collection queued finalizers
 * sp.poll();    // runs them: strategy.drainFinalizers()
 */
export class Safepoint {
  private pending = false;

  constructor(private readonly strategy: Strategy) {}

  /** A collection queued finalizers or callbacks: run them at the next safepoint. */
  request(): void {
    this.pending = true;
  }

  /** The safepoint: runs queued finalizers, if a collection asked for it since the last one. */
  poll(): void {
    if (this.pending) {
      this.pending = false;
      this.strategy.drainFinalizers?.();
    }
  }

  /** Runs every queued finalizer and callback now (`System.runFinalization()`); returns how many ran. */
  drain(): number {
    this.pending = false;
    return this.strategy.drainFinalizers?.() ?? 0;
  }
}
