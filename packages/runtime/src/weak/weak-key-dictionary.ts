import type { Runtime } from "../mutator/runtime";
import type { Handle } from "../roots/handle";
import { IterationGuard } from "./iteration-guard";
import { type WeakIterator, weakIterator } from "./weak-set";

/**
 * `weakref.WeakKeyDictionary` (3.11, `Lib/weakref.py`) on the heap: `data` is a heap dict from a weak
 * reference to each key (with a removal callback) to a **strong** value. A value that refers to its own
 * key keeps the key alive for ever — `data` is reachable and holds the value — and no collector can help
 * (§6, scenario 24: `collect → 0`, `len → 1`). Removals during iteration are deferred; `len()` is
 * `len(data) - len(_pending_removals)`. Lookup scans `data` (O(n)). Uses only the mutator API.
 *
 * @example
 * const wkd = new WeakKeyDictionary(rt);
 * wkd.set(k, v);
 * wkd.len(); // 1, then 0 once k dies (unless v refers to k)
 */
export class WeakKeyDictionary {
  /** `self.data`: weak reference to the key → value. */
  readonly data: Handle;
  private readonly guard: IterationGuard;
  private readonly onDeath: (wr: Handle) => void;

  constructor(private readonly rt: Runtime) {
    this.data = rt.persistent(rt.scope(() => rt.newDict()));
    this.guard = new IterationGuard(rt, (wr) => this.removeRef(wr));
    this.onDeath = (wr) => {
      if (this.guard.iterating > 0) this.guard.defer(wr);
      else this.removeRef(wr);
    };
  }

  private removeRef(wr: Handle): void {
    if (this.rt.contains(this.data, wr)) this.rt.dictDelete(this.data, wr);
  }

  /** The weak reference in `data` whose referent is `key`, as a scoped handle, or 0. */
  private find(key: Handle): Handle {
    const rt = this.rt;
    for (const wr of rt.keys(this.data))
      if (rt.isAlive(wr) && rt.scope(() => rt.is(rt.deref(wr), key))) return wr;
    return 0;
  }

  /** `wkd[key] = value`. */
  set(key: Handle, value: Handle): void {
    this.rt.scope(() => {
      const wr = this.find(key);
      this.rt.dictSet(this.data, wr !== 0 ? wr : this.rt.newWeakref(key, this.onDeath), value);
    });
  }

  /** `wkd.get(key)`: the value as a scoped handle, or None when absent. */
  get(key: Handle): Handle {
    const rt = this.rt;
    const wr = this.find(key);
    return wr === 0 ? 0 : rt.dictGet(this.data, wr);
  }

  /** `del wkd[key]`. */
  delete(key: Handle): void {
    this.rt.scope(() => {
      const wr = this.find(key);
      if (wr !== 0) this.rt.dictDelete(this.data, wr);
    });
  }

  /** `len(wkd)`: `len(self.data) - len(self._pending_removals)`. */
  len(): number {
    return this.rt.len(this.data) - this.guard.pending.length;
  }

  /** `iter(wkd)`: the live keys, each held while it is the current one. */
  keys(): WeakIterator {
    return weakIterator(this.rt, this.data, this.guard, (wr) => this.rt.deref(wr));
  }

  /** Drops the container: `data` and any pending removals are released. */
  dispose(): void {
    for (const h of this.guard.pending.splice(0)) this.rt.release(h);
    this.rt.release(this.data);
  }
}
