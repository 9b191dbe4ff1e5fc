import type { Runtime } from "../mutator/runtime";
import type { Handle } from "../roots/handle";
import { IterationGuard } from "./iteration-guard";
import { type WeakIterator, weakIterator } from "./weak-set";

/**
 * `weakref.WeakValueDictionary` (3.11, `Lib/weakref.py`) on the heap: `data` is a heap dict from each key
 * to a `KeyedRef`, a weak reference to the value whose callback removes the entry
 * (`_remove_dead_weakref`). An entry goes as soon as its value dies by reference counting; a value in a
 * cycle goes only when the collector finds the cycle (the `KeyedRef` is reachable, so its callback runs
 * during the collection, and it dies right after it: §6, scenario 24 counts it). While an iteration is
 * open removals wait in `_pending_removals`, which `len()` commits first. Uses only the mutator API.
 *
 * @example
 * const wvd = new WeakValueDictionary(rt);
 * wvd.set(rt.newStr("x"), v);
 * wvd.len(); // 1, then 0 once v dies
 */
export class WeakValueDictionary {
  /** `self.data`: key → KeyedRef. */
  readonly data: Handle;
  private readonly guard: IterationGuard;
  private readonly onDeath: (wr: Handle) => void;

  constructor(private readonly rt: Runtime) {
    this.data = rt.persistent(rt.scope(() => rt.newDict()));
    this.guard = new IterationGuard(rt, (wr) => this.removeDead(wr));
    // KeyedRef's `remove`: defer while iterating, else `_remove_dead_weakref(d, wr.key)`.
    this.onDeath = (wr) => {
      if (this.guard.iterating > 0) this.guard.defer(wr);
      else this.removeDead(wr);
    };
  }

  /**
   * `_remove_dead_weakref`: deletes the entry whose value is still this dead reference (a newer value
   * stored under the same key is left alone). heaplab's callback gets no `key`, so the entry is found by
   * scanning `data` (O(n)).
   */
  private removeDead(wr: Handle): void {
    const rt = this.rt;
    rt.scope(() => {
      for (const k of rt.keys(this.data)) {
        if (rt.scope(() => rt.is(rt.dictGet(this.data, k), wr))) {
          rt.dictDelete(this.data, k);
          return;
        }
      }
    });
  }

  /** `wvd[key] = value`: stores a fresh KeyedRef. */
  set(key: Handle, value: Handle): void {
    this.rt.scope(() => {
      if (this.guard.pending.length > 0) this.guard.commit();
      this.rt.dictSet(this.data, key, this.rt.newWeakref(value, this.onDeath));
    });
  }

  /** `wvd.get(key)`: the value as a scoped handle, or None when absent or dead. */
  get(key: Handle): Handle {
    const rt = this.rt;
    if (!rt.contains(this.data, key)) return 0;
    return rt.scope(() => rt.deref(rt.dictGet(this.data, key)));
  }

  /** `del wvd[key]`. @throws PyKeyError when absent. */
  delete(key: Handle): void {
    if (this.guard.pending.length > 0) this.guard.commit();
    this.rt.dictDelete(this.data, key);
  }

  /** `len(wvd)`: commits pending removals, then `len(self.data)`. */
  len(): number {
    if (this.guard.pending.length > 0) this.guard.commit();
    return this.rt.len(this.data);
  }

  /** `iter(wvd.values())`: the live values, each held while it is the current one. */
  values(): WeakIterator {
    return weakIterator(this.rt, this.data, this.guard, (k) => this.rt.deref(this.rt.dictGet(this.data, k)));
  }

  /** Drops the container: `data` and any pending removals are released. */
  dispose(): void {
    for (const h of this.guard.pending.splice(0)) this.rt.release(h);
    this.rt.release(this.data);
  }
}
