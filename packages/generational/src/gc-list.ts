import { PREV_FLAGS } from "@heaplab/refcount/internals";

/**
 * `PyGC_Head` lists on real bytes (`gc_list_*` in `Modules/gcmodule.c`). A list head is a 16-byte
 * `PyGC_Head` of its own; each node's `_gc_next` word (at `g`) and `_gc_prev` word (at `g + 8`) hold
 * addresses of other heads in their low 32 bits. `_gc_prev` keeps two flag bits that every pointer
 * update preserves (`_PyGCHead_SET_PREV`).
 */

/** `GC_NEXT(g)` (without masking NEXT_MASK_UNREACHABLE). */
export function gcNext(u32: Uint32Array, g: number): number {
  return u32[g >>> 2]!;
}

/** `GC_PREV(g)`: the previous head, flags masked off. */
export function gcPrev(u32: Uint32Array, g: number): number {
  return u32[(g + 8) >>> 2]! & ~PREV_FLAGS;
}

/** `_PyGCHead_SET_PREV`: keeps the flag bits. */
export function setPrev(u32: Uint32Array, g: number, p: number): void {
  const i = (g + 8) >>> 2;
  u32[i] = (u32[i]! & PREV_FLAGS) | p;
}

/** `gc_list_init`: an empty circular list. */
export function listInit(u32: Uint32Array, list: number): void {
  u32[list >>> 2] = list;
  u32[(list + 8) >>> 2] = list;
}

/** `gc_list_is_empty`. */
export function listIsEmpty(u32: Uint32Array, list: number): boolean {
  return u32[list >>> 2] === list;
}

/** `gc_list_append`: `node` becomes the tail of `list`. */
export function listAppend(u32: Uint32Array, node: number, list: number): void {
  const last = u32[(list + 8) >>> 2]!;
  setPrev(u32, node, last);
  u32[last >>> 2] = node;
  u32[node >>> 2] = list;
  u32[(list + 8) >>> 2] = node;
}

/** `gc_list_remove`: unlinks `node` and marks it untracked (`_gc_next = 0`). */
export function listRemove(u32: Uint32Array, node: number): void {
  const prev = gcPrev(u32, node);
  const next = u32[node >>> 2]!;
  u32[prev >>> 2] = next;
  setPrev(u32, next, prev);
  u32[node >>> 2] = 0;
}

/** `gc_list_move`: unlinks `node` and appends it to `list`. */
export function listMove(u32: Uint32Array, node: number, list: number): void {
  const fromPrev = gcPrev(u32, node);
  const fromNext = u32[node >>> 2]!;
  u32[fromPrev >>> 2] = fromNext;
  setPrev(u32, fromNext, fromPrev);
  const toPrev = u32[(list + 8) >>> 2]!;
  setPrev(u32, node, toPrev);
  u32[toPrev >>> 2] = node;
  u32[(list + 8) >>> 2] = node;
  u32[node >>> 2] = list;
}

/** `gc_list_merge`: appends all of `from` to `to`, in order; `from` becomes empty. */
export function listMerge(u32: Uint32Array, from: number, to: number): void {
  if (!listIsEmpty(u32, from)) {
    const toTail = gcPrev(u32, to);
    const fromHead = u32[from >>> 2]!;
    const fromTail = gcPrev(u32, from);
    u32[toTail >>> 2] = fromHead;
    setPrev(u32, fromHead, toTail);
    u32[fromTail >>> 2] = to;
    setPrev(u32, to, fromTail);
  }
  listInit(u32, from);
}

/** `gc_list_size`. */
export function listSize(u32: Uint32Array, list: number): number {
  let n = 0;
  for (let g = u32[list >>> 2]!; g !== list; g = u32[g >>> 2]!) n++;
  return n;
}
