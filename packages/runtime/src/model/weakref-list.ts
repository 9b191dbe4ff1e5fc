import type { LinearMemory } from "../memory/linear-memory";
import type { ObjectModel } from "./object-model";
import { WR_CALLBACK, WR_NEXT, WR_OBJECT, WR_PREV } from "./type-info";

/**
 * The per-object weak-reference list, as CPython keeps it: the object's `__weakref__` slot holds the
 * head; weak references are linked through `wr_prev`/`wr_next`. The callback-less "basic" reference,
 * if any, is first; references with callbacks follow it, newest first, so callbacks run newest first.
 * These links are weak: nobody counts them.
 */

/** Whether `wr` is a basic reference (no callback). */
export function isBasicRef(mem: LinearMemory, wr: number): boolean {
  return mem.u32[(wr + WR_CALLBACK) >>> 2] === 0;
}

/** The head of `obj`'s weak-reference list, or 0. */
export function weaklistHead(model: ObjectModel, obj: number): number {
  const off = model.typeOf(obj).weaklistOffset;
  return off < 0 ? 0 : model.memory.u32[(obj + off) >>> 2]!;
}

/**
 * Takes `wr` out of its referent's list and sets its referent to None (`_PyWeakref_ClearRef`).
 * With `dropCallback` the callback is forgotten too (`clear_weakref`).
 */
export function clearWeakref(model: ObjectModel, wr: number, dropCallback: boolean): void {
  const u32 = model.memory.u32;
  const obj = u32[(wr + WR_OBJECT) >>> 2]!;
  if (obj !== 0) {
    const prev = u32[(wr + WR_PREV) >>> 2]!;
    const next = u32[(wr + WR_NEXT) >>> 2]!;
    if (prev !== 0) u32[(prev + WR_NEXT) >>> 2] = next;
    else {
      const off = model.typeOf(obj).weaklistOffset;
      if (u32[(obj + off) >>> 2] === wr) u32[(obj + off) >>> 2] = next;
    }
    if (next !== 0) u32[(next + WR_PREV) >>> 2] = prev;
    u32[(wr + WR_PREV) >>> 2] = 0;
    u32[(wr + WR_NEXT) >>> 2] = 0;
    u32[(wr + WR_OBJECT) >>> 2] = 0;
  }
  if (dropCallback) u32[(wr + WR_CALLBACK) >>> 2] = 0;
}

/** Number of weak references in `obj`'s list (`weakref.getweakrefcount`). */
export function weakrefCount(model: ObjectModel, obj: number): number {
  let n = 0;
  for (let wr = weaklistHead(model, obj); wr !== 0; wr = model.memory.u32[(wr + WR_NEXT) >>> 2]!) n++;
  return n;
}

/** The weak references in `obj`'s list, head first (`weakref.getweakrefs`); empty if it takes none. */
export function weakrefsOf(model: ObjectModel, obj: number): number[] {
  const out: number[] = [];
  for (let wr = weaklistHead(model, obj); wr !== 0; wr = model.memory.u32[(wr + WR_NEXT) >>> 2]!)
    out.push(wr);
  return out;
}
