import type { LinearMemory } from "../memory/linear-memory";
import { keyHash, keysEqual } from "./dict-table";
import { SET_DUMMY } from "./object-model";
import type { RefStore } from "./ref-store";
import {
  SET_FILL,
  SET_MASK,
  SET_MINSIZE,
  SET_SMALLTABLE,
  SET_TABLE,
  SET_USED,
  SET_WEAKLIST,
} from "./type-info";

/**
 * A set's open-addressed table, as `Objects/setobject.c` keeps it: entries of `key, hash` (16 bytes);
 * up to 8 entries live in the object's own `smalltable`, larger tables are allocated separately. The
 * table pointer is 0 while the smalltable is in use, so a moving collector need not fix it up.
 * A deleted entry holds the dummy key 1.
 */

function tableOf(mem: LinearMemory, o: number): number {
  return mem.u32[(o + SET_TABLE) >>> 2]! || o + SET_SMALLTABLE;
}

/** Index of `key` in the table of set `o`, or -1. */
function find(mem: LinearMemory, o: number, key: number, h: number): number {
  const mask = mem.u32[(o + SET_MASK) >>> 2]!;
  const table = tableOf(mem, o);
  let i = h & mask;
  let perturb = h;
  for (let n = 0; n <= mask; n++) {
    const k = mem.u32[(table + 16 * i) >>> 2]!;
    if (k === 0) return -1;
    if (k !== SET_DUMMY && keysEqual(mem, k, key)) return i;
    perturb >>>= 5;
    i = (i * 5 + perturb + 1) & mask;
  }
  return -1;
}

/** The first empty or dummy entry on `h`'s probe path. */
function freeEntry(mem: LinearMemory, o: number, h: number): number {
  const mask = mem.u32[(o + SET_MASK) >>> 2]!;
  const table = tableOf(mem, o);
  let i = h & mask;
  let perturb = h;
  for (;;) {
    const k = mem.u32[(table + 16 * i) >>> 2]!;
    if (k === 0 || k === SET_DUMMY) return i;
    perturb >>>= 5;
    i = (i * 5 + perturb + 1) & mask;
  }
}

/**
 * Initialises a fresh set (`make_new_set`): the zeroed body is an empty smalltable; only the mask
 * (`SET_MINSIZE - 1`) is not zero.
 * @example
 * setInit(mem, s); // len(s) == 0, 8 entries in the smalltable
 */
export function setInit(mem: LinearMemory, o: number): void {
  mem.u32[(o + SET_MASK) >>> 2] = SET_MINSIZE - 1;
}

/** `x in s`. */
export function setContains(mem: LinearMemory, o: number, key: number): boolean {
  return key !== 0 && find(mem, o, key, keyHash(mem, key)) >= 0;
}

/**
 * `s.add(key)`: inserts if absent, then resizes when `fill * 5 >= mask * 3` to hold `used * 4`
 * (`used * 2` past 50,000). `obj()` re-reads the set's address after an allocation that may move it.
 */
export function setAdd(mem: LinearMemory, store: RefStore, obj: () => number, key: number): void {
  let o = obj();
  const h = keyHash(mem, key);
  if (find(mem, o, key, h) >= 0) return;
  const i = freeEntry(mem, o, h);
  const entry = tableOf(mem, o) + 16 * i;
  const wasEmpty = mem.u32[entry >>> 2] === 0;
  if (!wasEmpty) mem.u32[entry >>> 2] = 0; // a dummy: no reference to drop
  store.writeRef(o, entry, key);
  mem.u32[(entry + 8) >>> 2] = h;
  mem.u32[(o + SET_USED) >>> 2]! += 1;
  if (wasEmpty) mem.u32[(o + SET_FILL) >>> 2]! += 1;
  const fill = mem.u32[(o + SET_FILL) >>> 2]!;
  const mask = mem.u32[(o + SET_MASK) >>> 2]!;
  if (fill * 5 < mask * 3) return;
  const used = mem.u32[(o + SET_USED) >>> 2]!;
  const minused = used > 50000 ? used * 2 : used * 4;
  let size = SET_MINSIZE;
  while (size <= minused) size <<= 1;
  // Keep the live keys (and their hashes) aside, install the new table, re-insert.
  const keys: number[] = [];
  const hashes: number[] = [];
  const oldTable = mem.u32[(o + SET_TABLE) >>> 2]!;
  const table = tableOf(mem, o);
  for (let j = 0; j <= mask; j++) {
    const k = mem.u32[(table + 16 * j) >>> 2]!;
    if (k !== 0 && k !== SET_DUMMY) {
      keys.push(k);
      hashes.push(mem.u32[(table + 16 * j + 8) >>> 2]!);
    }
  }
  const nt = size === SET_MINSIZE ? 0 : store.allocAux(16 * size);
  o = obj();
  if (oldTable !== 0) store.freeAux(oldTable, 16 * (mask + 1));
  mem.u32[(o + SET_TABLE) >>> 2] = nt;
  mem.u32[(o + SET_MASK) >>> 2] = size - 1;
  mem.fill(tableOf(mem, o), 16 * size, 0);
  for (let j = 0; j < keys.length; j++) {
    const e = tableOf(mem, o) + 16 * freeEntry(mem, o, hashes[j]!);
    mem.u32[e >>> 2] = keys[j]!;
    mem.u32[(e + 8) >>> 2] = hashes[j]!;
  }
  mem.u32[(o + SET_FILL) >>> 2] = keys.length;
  // The moved references now sit in fresh storage: tell generational barriers about them.
  if (nt !== 0)
    for (let j = 0; j <= size - 1; j++) {
      const e = nt + 16 * j;
      const k = mem.u32[e >>> 2]!;
      if (k !== 0) store.writeWeakRef(o, e, k);
    }
}

/** `s.discard(key)`: returns the removed key's address (whose reference the caller must drop), or 0. */
export function setDiscard(mem: LinearMemory, o: number, key: number): number {
  const i = find(mem, o, key, keyHash(mem, key));
  if (i < 0) return 0;
  const e = tableOf(mem, o) + 16 * i;
  const k = mem.u32[e >>> 2]!;
  mem.u32[e >>> 2] = SET_DUMMY;
  mem.u32[(o + SET_USED) >>> 2]! -= 1;
  return k;
}

/**
 * `set_clear_internal`: the set is reset to its empty smalltable (fill, used, mask 7, no table) first,
 * then the old keys are dropped in table order and a separate table freed, so a finalizer the drops run
 * sees an empty set. A smalltable's keys are copied aside before the reset, as CPython copies them to
 * its stack. Shared by `set.clear()` and the cycle collector's `tp_clear`.
 * @example
 * setClear(mem, store, set); // len(set) == 0
 */
export function setClear(mem: LinearMemory, store: RefStore, o: number): void {
  const mask = mem.u32[(o + SET_MASK) >>> 2]!;
  const table = mem.u32[(o + SET_TABLE) >>> 2]!;
  // The keys leave the set by this copy or by detaching the table: a move, not a store.
  const small = table === 0 ? mem.u32.slice((o + SET_SMALLTABLE) >>> 2, (o + SET_WEAKLIST) >>> 2) : null;
  // fill, used, mask, table, hash, finger and the whole smalltable: everything up to the weak list.
  mem.fill(o + SET_FILL, SET_WEAKLIST - SET_FILL, 0);
  mem.u32[(o + SET_MASK) >>> 2] = SET_MINSIZE - 1;
  for (let i = 0; i <= mask; i++) {
    const k = small !== null ? small[4 * i]! : mem.u32[(table + 16 * i) >>> 2]!;
    if (k !== 0 && k !== SET_DUMMY) store.release(k);
  }
  if (table !== 0) store.freeAux(table, 16 * (mask + 1));
}
