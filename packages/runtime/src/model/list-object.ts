import type { LinearMemory } from "../memory/linear-memory";
import type { RefStore } from "./ref-store";
import { LIST_ALLOCATED, LIST_ITEMS, OB_SIZE } from "./type-info";

/**
 * A list, as `Objects/listobject.c` keeps it:
 *
 *   +0 type  +8 ob_size  +16 ob_item ──► [item 0][item 1] … [item allocated-1]   (8 bytes each,
 *   +24 allocated                         auxiliary storage; 0 while allocated is 0)
 *
 * Items `0 .. ob_size-1` are references; the rest of the array is zero.
 */

/**
 * `list_resize`: keeps the array if it is big enough and at least half used, else reallocates it to
 * `newsize + newsize / 8 + 6` rounded down to a multiple of 4 (0, 4, 8, 16, 24, 32, 40, 52, ...).
 * Only the size changes: the caller stores or drops the items past the old or new end.
 * @example
 * listResize(mem, store, list, 1); // room for one more item, ob_size 1
 */
export function listResize(mem: LinearMemory, store: RefStore, o: number, newsize: number): void {
  const u32 = mem.u32;
  const allocated = u32[(o + LIST_ALLOCATED) >>> 2]!;
  const size = u32[(o + OB_SIZE) >>> 2]!;
  if (allocated >= newsize && newsize >= allocated >>> 1) {
    u32[(o + OB_SIZE) >>> 2] = newsize;
    return;
  }
  let newAllocated = (newsize + (newsize >>> 3) + 6) & ~3;
  if (newsize - size > newAllocated - newsize) newAllocated = (newsize + 3) & ~3;
  if (newsize === 0) newAllocated = 0;
  const items = u32[(o + LIST_ITEMS) >>> 2]!;
  let arr = 0;
  if (newAllocated === 0) {
    if (items !== 0) store.freeAux(items, 8 * allocated);
  } else {
    arr = store.reallocAux(items, 8 * allocated, 8 * newAllocated);
    if (newAllocated > allocated) mem.fill(arr + 8 * allocated, 8 * (newAllocated - allocated), 0);
  }
  const m = mem.u32; // the views may have been replaced if linear memory grew
  m[(o + LIST_ITEMS) >>> 2] = arr;
  m[(o + LIST_ALLOCATED) >>> 2] = newAllocated;
  m[(o + OB_SIZE) >>> 2] = newsize;
}

/**
 * `PyList_New(n)` for a fresh, empty list: an item array exactly `n` long, all None, `ob_size = n`.
 * The caller then stores the items with `writeRef` at `listItemSlot`.
 * @example
 * listInitItems(mem, store, list, 2); store.writeRef(list, listItemSlot(mem, list, 0), a);
 */
export function listInitItems(mem: LinearMemory, store: RefStore, o: number, n: number): void {
  if (n === 0) return;
  const arr = store.allocAux(8 * n);
  mem.fill(arr, 8 * n, 0);
  const u32 = mem.u32;
  u32[(o + LIST_ITEMS) >>> 2] = arr;
  u32[(o + LIST_ALLOCATED) >>> 2] = n;
  u32[(o + OB_SIZE) >>> 2] = n;
}

/**
 * The address of item `i` (`0 <= i < ob_size`, checked by the caller).
 * @example
 * mem.u32[listItemSlot(mem, list, 0) >>> 2]; // the first item's address
 */
export function listItemSlot(mem: LinearMemory, o: number, i: number): number {
  return mem.u32[(o + LIST_ITEMS) >>> 2]! + 8 * i;
}

/**
 * `lst.append(v)`: grows by one (`list_resize`) and stores `v` last through the barrier.
 * @example
 * listAppend(mem, store, list, item);
 */
export function listAppend(mem: LinearMemory, store: RefStore, o: number, value: number): void {
  const n = mem.u32[(o + OB_SIZE) >>> 2]!;
  listResize(mem, store, o, n + 1);
  store.writeRef(o, listItemSlot(mem, o, n), value);
}

/**
 * Removes item `i` (`0 <= i < ob_size`), shifting the rest down, and shrinks the list as `list_resize`
 * does. The removed reference is taken out of the list, not dropped: the caller owns it (to return it,
 * as `pop` does, or to release it, as `del lst[i]` does).
 * @returns the removed item's address.
 * @example
 * store.release(listRemoveAt(mem, store, list, 0)); // del lst[0]
 */
export function listRemoveAt(mem: LinearMemory, store: RefStore, o: number, i: number): number {
  const u32 = mem.u32;
  const n = u32[(o + OB_SIZE) >>> 2]!;
  const items = u32[(o + LIST_ITEMS) >>> 2]!;
  const v = u32[(items + 8 * i) >>> 2]!;
  // The references after `i` move down one slot (a move: no count changes, as CPython's memmove);
  // the last slot then holds a copy of a reference that moved, so it is zeroed, not released.
  mem.copy(items + 8 * i, items + 8 * (i + 1), 8 * (n - 1 - i));
  u32[(items + 8 * (n - 1)) >>> 2] = 0;
  listResize(mem, store, o, n - 1);
  return v;
}

/**
 * `_list_clear`: the list is made empty first (no items, no array), then the old items are dropped
 * last to first and the array freed, so a finalizer the drops run sees an empty list, never a
 * half-cleared one. Shared by `list.clear()` and the cycle collector's `tp_clear`.
 * @example
 * listClear(mem, store, list); // len(list) == 0
 */
export function listClear(mem: LinearMemory, store: RefStore, o: number): void {
  const u32 = mem.u32;
  const items = u32[(o + LIST_ITEMS) >>> 2]!;
  if (items === 0) return;
  const n = u32[(o + OB_SIZE) >>> 2]!;
  const allocated = u32[(o + LIST_ALLOCATED) >>> 2]!;
  u32[(o + OB_SIZE) >>> 2] = 0;
  u32[(o + LIST_ITEMS) >>> 2] = 0;
  u32[(o + LIST_ALLOCATED) >>> 2] = 0;
  // The detached array is still allocated while the drops run, so nothing can reuse it meanwhile.
  for (let i = n - 1; i >= 0; i--) {
    const v = mem.u32[(items + 8 * i) >>> 2]!;
    if (v !== 0) store.release(v);
  }
  store.freeAux(items, 8 * allocated);
}
