import type { LinearMemory } from "../memory/linear-memory";
import {
  copyEntries,
  DICT_LOG_MINSIZE,
  DK_KIND,
  DK_NENTRIES,
  DK_USABLE,
  dictKeysBytes,
  entryKeySlot,
  findEmptySlot,
  getIndex,
  initKeys,
  keyHash,
  keysObjectBytes,
  log2KeysizeFor,
  lookupSlot,
  setIndex,
} from "./dict-table";
import type { RefStore } from "./ref-store";
import { DICT_KEYS, DICT_USED } from "./type-info";
import { TypeId } from "./type-registry";

/**
 * A dict, as `Objects/dictobject.c` keeps a combined table:
 *
 *   +0 type  +8 ma_used  +16 ma_version  +24 ma_keys ──► keys object (`dict-table.ts`: header,
 *   +32 ma_values (always 0 here)                        indices, entries in insertion order)
 *
 * An empty dict has no keys object (`ma_keys` 0) until its first insertion. Every key and value is a
 * reference stored through the barrier; a key's hash is computed once per operation.
 */

/**
 * The entry number of `key` in dict `o`, or -1.
 * @example
 * dictLookup(mem, dict, key) >= 0; // key in dict
 */
export function dictLookup(mem: LinearMemory, o: number, key: number): number {
  const keys = mem.u32[(o + DICT_KEYS) >>> 2]!;
  if (keys === 0 || key === 0) return -1;
  const i = lookupSlot(mem, keys, key, keyHash(mem, key));
  return i < 0 ? -1 : getIndex(mem, keys, i);
}

/**
 * The address of entry `ix`'s value word (the key word is 8 bytes before it).
 * @example
 * mem.u32[dictValueSlot(mem, dict, dictLookup(mem, dict, key)) >>> 2]; // d[key]
 */
export function dictValueSlot(mem: LinearMemory, o: number, ix: number): number {
  return entryKeySlot(mem, mem.u32[(o + DICT_KEYS) >>> 2]!, ix) + 8;
}

/**
 * `insert_to_emptydict` / `insertion_resize`: makes room for one more entry (`dk_usable > 0`) in a
 * table of the right kind for `key`: an 8-slot table for the first key (unicode if it is an exact str),
 * else a table for `used * 3` (GROWTH_RATE) when full or when a non-str key arrives in a unicode table.
 * The old entries move to the new table; no reference changes hands.
 * @returns the keys object to insert into.
 */
function ensureRoom(mem: LinearMemory, store: RefStore, o: number, keyIsStr: boolean): number {
  const keys = mem.u32[(o + DICT_KEYS) >>> 2]!;
  if (keys === 0) {
    const nk = store.allocAux(keysObjectBytes(DICT_LOG_MINSIZE, keyIsStr));
    initKeys(mem, nk, DICT_LOG_MINSIZE, keyIsStr);
    mem.u32[(o + DICT_KEYS) >>> 2] = nk;
    return nk;
  }
  const unicode = mem.u8[keys + DK_KIND] === 1;
  if (mem.u32[(keys + DK_USABLE) >>> 2]! > 0 && (!unicode || keyIsStr)) return keys;
  const log2 = log2KeysizeFor(mem.u32[(o + DICT_USED) >>> 2]! * 3);
  const nu = unicode && keyIsStr;
  const nk = store.allocAux(keysObjectBytes(log2, nu));
  initKeys(mem, nk, log2, nu);
  copyEntries(mem, keys, nk);
  store.freeAux(keys, dictKeysBytes(mem, keys));
  mem.u32[(o + DICT_KEYS) >>> 2] = nk;
  return nk;
}

/**
 * `insertdict`: `d[key] = value`. An existing key keeps its entry and gets the new value; a new key
 * is appended as the next entry (after `ensureRoom`), its index set on its probe path. The key's hash
 * is computed once. `key` must not be None (0); the caller checks.
 * @example
 * dictInsert(mem, store, dict, keyAddr, valueAddr);
 */
export function dictInsert(mem: LinearMemory, store: RefStore, o: number, key: number, value: number): void {
  const h = keyHash(mem, key);
  const found = lookupSlot(mem, mem.u32[(o + DICT_KEYS) >>> 2]!, key, h);
  if (found >= 0) {
    const keys = mem.u32[(o + DICT_KEYS) >>> 2]!;
    store.writeRef(o, entryKeySlot(mem, keys, getIndex(mem, keys, found)) + 8, value);
    return;
  }
  const keys = ensureRoom(mem, store, o, mem.u32[key >>> 2] === TypeId.str);
  const u32 = mem.u32;
  const n = u32[(keys + DK_NENTRIES) >>> 2]!;
  setIndex(mem, keys, findEmptySlot(mem, keys, h), n);
  const ks = entryKeySlot(mem, keys, n);
  if (mem.u8[keys + DK_KIND] === 0) u32[(ks - 8) >>> 2] = h; // a general entry caches the hash
  store.writeRef(o, ks, key);
  store.writeRef(o, ks + 8, value);
  u32[(keys + DK_NENTRIES) >>> 2] = n + 1;
  u32[(keys + DK_USABLE) >>> 2]! -= 1;
  u32[(o + DICT_USED) >>> 2]! += 1;
}

/**
 * `delitem_common`: `del d[key]`. The entry's index slot (found by the one probe loop, `lookupSlot`)
 * becomes the dummy and `ma_used` drops first, so the dict is consistent before any reference goes;
 * then the key and the value are stored as None through the barrier, which drops them in CPython's
 * order (key, then value).
 * @returns false if `key` is not in the dict (nothing changed).
 * @example
 * if (!dictDelete(mem, store, dict, key)) throw new PyKeyError("5");
 */
export function dictDelete(mem: LinearMemory, store: RefStore, o: number, key: number): boolean {
  const keys = mem.u32[(o + DICT_KEYS) >>> 2]!;
  if (keys === 0 || key === 0) return false;
  const i = lookupSlot(mem, keys, key, keyHash(mem, key));
  if (i < 0) return false;
  const ks = entryKeySlot(mem, keys, getIndex(mem, keys, i));
  setIndex(mem, keys, i, -2);
  mem.u32[(o + DICT_USED) >>> 2]! -= 1;
  store.writeRef(o, ks, 0);
  store.writeRef(o, ks + 8, 0);
  return true;
}

/**
 * `PyDict_Clear`: the dict gets no keys object and `ma_used` 0 first, then the old table's keys and
 * values are dropped entry by entry, in order, and the table freed, so a finalizer the drops run sees
 * an empty dict. Shared by `dict.clear()` and the cycle collector's `tp_clear`.
 * @example
 * dictClear(mem, store, dict); // len(dict) == 0
 */
export function dictClear(mem: LinearMemory, store: RefStore, o: number): void {
  const keys = mem.u32[(o + DICT_KEYS) >>> 2]!;
  if (keys === 0) return;
  mem.u32[(o + DICT_KEYS) >>> 2] = 0;
  mem.u32[(o + DICT_USED) >>> 2] = 0;
  const n = mem.u32[(keys + DK_NENTRIES) >>> 2]!;
  for (let ix = 0; ix < n; ix++) {
    const ks = entryKeySlot(mem, keys, ix);
    const k = mem.u32[ks >>> 2]!;
    const v = mem.u32[(ks + 8) >>> 2]!;
    if (k !== 0) store.release(k);
    if (v !== 0) store.release(v);
  }
  store.freeAux(keys, dictKeysBytes(mem, keys));
}

/**
 * The keys of dict `o`, in insertion order (deleted entries skipped), as addresses valid until the next
 * allocation.
 * @example
 * dictKeyAddresses(mem, dict).length === mem.u32[(dict + DICT_USED) >>> 2];
 */
export function dictKeyAddresses(mem: LinearMemory, o: number): number[] {
  const keys = mem.u32[(o + DICT_KEYS) >>> 2]!;
  const out: number[] = [];
  if (keys === 0) return out;
  const n = mem.u32[(keys + DK_NENTRIES) >>> 2]!;
  for (let ix = 0; ix < n; ix++) {
    const k = mem.u32[entryKeySlot(mem, keys, ix) >>> 2]!;
    if (k !== 0) out.push(k);
  }
  return out;
}
