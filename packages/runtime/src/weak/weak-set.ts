import type { Runtime } from "../mutator/runtime";
import type { Handle } from "../roots/handle";
import { IterationGuard } from "./iteration-guard";

/**
 * An open iteration over a weak container: `next()` yields strong handles; `close()` ends it.
 * @example
 * const it = ws.iter();
 * for (let h = it.next(); h !== null; h = it.next()) console.log(rt.typeName(h));
 */
export interface WeakIterator {
  /** The next live item as a scoped handle, or null at the end (which also closes the iterator). */
  next(): Handle | null;
  /** `del it`: the generator is closed; its last item is released, and pending removals may commit. */
  close(): void;
}

/**
 * `weakref.WeakSet` (3.11, `Lib/_weakrefset.py`) on the heap: `data` is a heap dict whose keys are weak
 * references with a removal callback (Python's set of `ref(item, self._remove)`; a dict keeps insertion
 * order for iteration). An item that dies leaves `data` from its callback, at once under reference
 * counting or in the collection that finds it; while an iteration is open the removal waits in
 * `_pending_removals`. Membership looks the item's own weak references up in `data`.
 * It uses only the mutator API, so it works under every strategy.
 *
 * @example
 * const ws = new HeapWeakSet(rt);
 * ws.add(session);
 * ws.len(); // 1, and 0 once the session dies
 */
export class HeapWeakSet {
  /** `self.data`: weak reference → None. */
  readonly data: Handle;
  private readonly guard: IterationGuard;
  private readonly onDeath: (wr: Handle) => void;

  constructor(private readonly rt: Runtime) {
    this.data = rt.persistent(rt.scope(() => rt.newDict()));
    this.guard = new IterationGuard(rt, (wr) => this.discardRef(wr));
    // `_remove`: defer while iterating, else `self.data.discard(item)`.
    this.onDeath = (wr) => {
      if (this.guard.iterating > 0) this.guard.defer(wr);
      else this.discardRef(wr);
    };
  }

  private discardRef(wr: Handle): void {
    if (this.rt.contains(this.data, wr)) this.rt.dictDelete(this.data, wr);
  }

  /**
   * The weak reference in `data` whose referent is `item`, as a scoped handle, or 0. Python finds it by
   * hashing (a ref hashes as its referent); heaplab's dicts hash refs by identity, so the item's own
   * weak references (`weakref.getweakrefs`) are looked up in `data` instead of scanning all of it.
   */
  private find(item: Handle): Handle {
    for (const wr of this.rt.getweakrefs(item)) if (this.rt.contains(this.data, wr)) return wr;
    return 0;
  }

  /** `ws.add(item)`. */
  add(item: Handle): void {
    this.rt.scope(() => {
      if (this.guard.pending.length > 0) this.guard.commit();
      if (this.find(item) === 0) this.rt.dictSet(this.data, this.rt.newWeakref(item, this.onDeath), 0);
    });
  }

  /** `ws.discard(item)`. */
  discard(item: Handle): void {
    this.rt.scope(() => {
      if (this.guard.pending.length > 0) this.guard.commit();
      const wr = this.find(item);
      if (wr !== 0) this.rt.dictDelete(this.data, wr);
    });
  }

  /** `item in ws`. */
  has(item: Handle): boolean {
    return this.rt.scope(() => this.find(item) !== 0);
  }

  /** `len(ws)`: `len(self.data) - len(self._pending_removals)`. */
  len(): number {
    return this.rt.len(this.data) - this.guard.pending.length;
  }

  /** `len(ws._pending_removals)`. */
  pendingRemovals(): number {
    return this.guard.pending.length;
  }

  /** `iter(ws)`: an `_IterationGuard` generator that holds the item it yielded last. */
  iter(): WeakIterator {
    return weakIterator(this.rt, this.data, this.guard, (wr) => this.rt.deref(wr));
  }

  /** Drops the container (`del ws`): `data` and any pending removals are released. */
  dispose(): void {
    for (const h of this.guard.pending.splice(0)) this.rt.release(h);
    this.rt.release(this.data);
  }
}

/**
 * The generator shared by the weak containers: walks `data`'s keys in insertion order under the guard,
 * yields `project(key)` when it is not None, holds the yielded item strongly until the next step.
 */
export function weakIterator(
  rt: Runtime,
  data: Handle,
  guard: IterationGuard,
  project: (key: Handle) => Handle,
): WeakIterator {
  let pos = 0;
  let held: Handle = 0;
  let open = true;
  guard.enter();
  const drop = () => {
    if (held !== 0) rt.release(held);
    held = 0;
  };
  const it: WeakIterator = {
    next() {
      if (!open) return null;
      const found = rt.scope(() => {
        const keys = rt.keys(data);
        while (pos < keys.length) {
          const item = project(keys[pos++]!);
          if (!rt.isNone(item)) return rt.persistent(item);
        }
        return 0;
      });
      drop();
      if (found === 0) {
        it.close();
        return null;
      }
      held = found;
      return rt.dup(found);
    },
    close() {
      if (!open) return;
      open = false;
      guard.exit(); // the `with _IterationGuard` block exits first (commit), then the frame's `item` goes
      drop();
    },
  };
  return it;
}
