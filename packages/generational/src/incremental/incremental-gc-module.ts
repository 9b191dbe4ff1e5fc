import { fromGc } from "@heaplab/refcount/internals";
import { type CollectReason, PyValueError } from "@heaplab/runtime";
import { HEAD_PERMANENT, NUM_GENERATIONS } from "../collector";
import { listMerge } from "../gc-list";
import { CPythonGcModule } from "../gc-module";
import { gcCollect } from "./gc-collect";
import type { IncrementalCollector } from "./incremental-collector";
import { listSetSpace } from "./old-space";

/**
 * The `gc` module of CPython 3.14.0–3.14.4 over an `IncrementalCollector`: what differs from 3.11's is
 * what the three "generations" mean. `gc.collect(g)` runs a young collection, one increment or a full
 * collection; `get_count()` is `(young.count, old[visited].count, old[pending].count)` (the old counts
 * only count young collections); `get_objects(1)` is always empty and `get_objects(2)` is both old
 * spaces; `freeze()` moves young and both old spaces into the permanent generation, marked visited (the
 * permanent generation's invariant), and `unfreeze()` gives them back to the visited space.
 *
 * @example
 * const gc = strategy.gc; // an IncrementalGcModule
 * gc.getThreshold(); // [2000, 10, 0]
 * gc.collect(1); // one increment: the first after a full collection only marks, and returns 0
 */
export class IncrementalGcModule extends CPythonGcModule {
  constructor(
    private readonly ic: IncrementalCollector,
    private readonly rootedExtras: readonly number[],
  ) {
    super(ic);
  }

  override collectFor(generation: number, reason: CollectReason): number {
    if (!Number.isInteger(generation) || generation < 0 || generation >= NUM_GENERATIONS)
      throw new PyValueError("invalid generation");
    return gcCollect(this.ic, this.callbacks, this.rootedExtras, generation, reason);
  }

  override getCount(): [number, number, number] {
    const k = this.ic.counts;
    const v = this.ic.visitedSpace;
    return [k[0]!, k[1 + v]!, k[2 - v]!];
  }

  override freeze(): void {
    const c = this.ic;
    const u32 = c.u32;
    const perm = c.head(HEAD_PERMANENT);
    listSetSpace(u32, c.young, c.visitedSpace);
    listMerge(u32, c.young, perm);
    c.counts[0] = 0;
    // old[pending] takes the visited space too; old[0] merges before old[1], as CPython does
    listSetSpace(u32, c.pending, c.visitedSpace);
    listMerge(u32, c.old(0), perm);
    c.counts[1] = 0;
    listMerge(u32, c.old(1), perm);
    c.counts[2] = 0;
  }

  /**
   * 3.14 tracks a tuple at creation only when it is built from items of which one is of a GC type;
   * `PyTuple_New` cannot know its items yet, so a tuple made that way and filled in C (what
   * `Py_BuildValue` returns, e.g. `gc.get_count()`'s) is tracked whatever its items (and so counts,
   * and can schedule a collection).
   */
  trackFilledTuple(tuple: number): void {
    if (!this.ic.isTracked(tuple)) this.ic.track(tuple);
  }

  override unfreeze(): void {
    listMerge(this.ic.u32, this.ic.head(HEAD_PERMANENT), this.ic.visited);
  }

  override getObjects(generation?: number): number[] {
    if (generation !== undefined) {
      if (generation >= NUM_GENERATIONS)
        throw new PyValueError(
          `generation parameter must be less than the number of available generations (${NUM_GENERATIONS})`,
        );
      if (generation < -1) throw new PyValueError("generation parameter cannot be negative");
    }
    const c = this.ic;
    const out: number[] = [];
    const walk = (head: number) => {
      for (let g = c.u32[head >>> 2]!; g !== head; g = c.u32[g >>> 2]!) out.push(fromGc(g));
    };
    const gen = generation ?? -1;
    if (gen === 1) return out;
    if (gen <= 0) walk(c.young);
    if (gen !== 0) {
      walk(c.old(0));
      walk(c.old(1));
    }
    return out;
  }
}
