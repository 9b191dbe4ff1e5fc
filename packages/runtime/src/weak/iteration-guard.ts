import type { Runtime } from "../mutator/runtime";
import type { Handle } from "../roots/handle";

/**
 * `_IterationGuard` and `_pending_removals` of `Lib/_weakrefset.py` / `Lib/weakref.py` (3.11): while any
 * iteration over a weak container is open, a weak-reference callback does not touch `data`; what it
 * would remove waits in `pending` (strong references, as Python's list holds them) until the last
 * iteration ends and `commit` applies it.
 *
 * @example
 * guard.enter();            // an iterator starts
 * guard.defer(rt.dup(wr));  // a callback fired meanwhile
 * guard.exit();             // the last iterator ended: the removal runs now
 */
export class IterationGuard {
  /** Open iterations (`_iterating`). */
  iterating = 0;
  /** Deferred removals: persistent handles to what a callback would have removed. */
  readonly pending: Handle[] = [];

  constructor(
    private readonly rt: Runtime,
    /** Applies one deferred removal (the handle is released afterwards). */
    private readonly remove: (h: Handle) => void,
  ) {}

  enter(): void {
    this.iterating++;
  }

  /** Ends one iteration; the last one commits the pending removals (`_commit_removals`). */
  exit(): void {
    this.iterating--;
    if (this.iterating === 0) this.commit();
  }

  /** Keeps `h` (a persistent copy is made) for a removal after the iterations end. */
  defer(h: Handle): void {
    this.pending.push(this.rt.persistent(h));
  }

  /** `_commit_removals`: applies and drops every deferred removal, oldest first. */
  commit(): void {
    while (this.pending.length > 0) {
      const h = this.pending.shift()!;
      this.remove(h);
      this.rt.release(h);
    }
  }
}
