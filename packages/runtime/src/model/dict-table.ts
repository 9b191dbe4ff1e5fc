import type { LinearMemory } from "../memory/linear-memory";
import { OB_SIZE, STR_HASH, WR_HASH } from "./type-info";
import { TypeId } from "./type-registry";
import { hashString, readFloat, readInt, readIntExact, readStr } from "./value-codec";

/**
 * CPython 3.11's compact dict keys object (`PyDictKeysObject`), on real bytes:
 *
 *   +0 dk_refcnt  +8 dk_log2_size (u8)  +9 dk_log2_index_bytes (u8)  +10 dk_kind (u8: 0 general, 1 unicode)
 *   +12 dk_version  +16 dk_usable  +24 dk_nentries  +32 indices (1, 2, 4 or 8 bytes each)  then entries
 *
 * A general entry is `hash, key, value` (24 bytes); a unicode entry (every key an exact str) is
 * `key, value` (16 bytes). `sys.getsizeof({1: 1}) == 224`: 64 for the dict + 32 + 8 + 5 × 24.
 * Entries stay in insertion order; indices hold entry numbers, -1 empty, -2 dummy.
 */
export const DK_LOG2_SIZE = 8;
export const DK_LOG2_INDEX_BYTES = 9;
export const DK_KIND = 10;
export const DK_USABLE = 16;
export const DK_NENTRIES = 24;
export const DK_INDICES = 32;
/** `PyDict_LOG_MINSIZE`: a new table has 8 slots. */
export const DICT_LOG_MINSIZE = 3;

/** Offset of the entries from the start of the keys object. */
export function DK_ENTRIES(mem: LinearMemory, keys: number): number {
  return DK_INDICES + (1 << mem.u8[keys + DK_LOG2_INDEX_BYTES]!);
}

/** Entry size: 16 for unicode tables, 24 for general ones. */
export function dictEntryBytes(mem: LinearMemory, keys: number): number {
  return mem.u8[keys + DK_KIND] === 1 ? 16 : 24;
}

/** `USABLE_FRACTION`: two thirds of the slots may hold entries. */
export function usableFraction(size: number): number {
  return ((size << 1) / 3) | 0;
}

/** log2 of the bytes of the index array for a table of 2^log2 slots. */
export function log2IndexBytes(log2: number): number {
  return log2 < 8 ? log2 : log2 < 16 ? log2 + 1 : log2 < 32 ? log2 + 2 : log2 + 3;
}

/** Bytes of a keys object: header + indices + usable entries. */
export function keysObjectBytes(log2: number, unicode: boolean): number {
  return DK_INDICES + (1 << log2IndexBytes(log2)) + usableFraction(1 << log2) * (unicode ? 16 : 24);
}

/** Bytes of an existing keys object. */
export function dictKeysBytes(mem: LinearMemory, keys: number): number {
  return keysObjectBytes(mem.u8[keys + DK_LOG2_SIZE]!, mem.u8[keys + DK_KIND] === 1);
}

/** `calculate_log2_keysize`: the smallest table (at least 8 slots) with room for `minsize`. */
export function log2KeysizeFor(minsize: number): number {
  let log2 = DICT_LOG_MINSIZE;
  while (1 << log2 < minsize) log2++;
  return log2;
}

/** Initialises a fresh keys object at `keys`: header, every index empty, entries zero. */
export function initKeys(mem: LinearMemory, keys: number, log2: number, unicode: boolean): void {
  const bytes = keysObjectBytes(log2, unicode);
  mem.fill(keys, bytes, 0);
  mem.u32[keys >>> 2] = 1;
  mem.u8[keys + DK_LOG2_SIZE] = log2;
  mem.u8[keys + DK_LOG2_INDEX_BYTES] = log2IndexBytes(log2);
  mem.u8[keys + DK_KIND] = unicode ? 1 : 0;
  mem.u32[(keys + DK_USABLE) >>> 2] = usableFraction(1 << log2);
  mem.u32[(keys + DK_NENTRIES) >>> 2] = 0;
  mem.fill(keys + DK_INDICES, 1 << log2IndexBytes(log2), 0xff);
}

function indexWidth(mem: LinearMemory, keys: number): number {
  return 1 << (mem.u8[keys + DK_LOG2_INDEX_BYTES]! - mem.u8[keys + DK_LOG2_SIZE]!);
}

/** Reads index slot `i` (signed). */
export function getIndex(mem: LinearMemory, keys: number, i: number): number {
  const w = indexWidth(mem, keys);
  const at = keys + DK_INDICES + w * i;
  if (w === 1) return (mem.u8[at]! << 24) >> 24;
  if (w === 2) return ((mem.u8[at]! | (mem.u8[at + 1]! << 8)) << 16) >> 16;
  return mem.i32[at >>> 2]!;
}

/** Writes index slot `i`. */
export function setIndex(mem: LinearMemory, keys: number, i: number, ix: number): void {
  const w = indexWidth(mem, keys);
  const at = keys + DK_INDICES + w * i;
  if (w === 1) mem.u8[at] = ix & 0xff;
  else if (w === 2) {
    mem.u8[at] = ix & 0xff;
    mem.u8[at + 1] = (ix >> 8) & 0xff;
  } else {
    mem.i32[at >>> 2] = ix;
    if (w === 8) mem.i32[(at + 4) >>> 2] = ix < 0 ? -1 : 0;
  }
}

/** Address of entry `ix`'s key word. */
export function entryKeySlot(mem: LinearMemory, keys: number, ix: number): number {
  const size = dictEntryBytes(mem, keys);
  return keys + DK_ENTRIES(mem, keys) + size * ix + (size === 24 ? 8 : 0);
}

/**
 * The hash of a key object. ints hash to their value (`hash(-1) == -2`), strs by content (cached in the
 * object), floats by value, weak references by the identity they were first hashed at, anything else by
 * identity. Returned as an unsigned 32-bit number.
 */
export function keyHash(mem: LinearMemory, key: number): number {
  const id = mem.u32[key >>> 2]!;
  if (id === TypeId.int) {
    const v = readInt(mem, key);
    return (v === -1 ? -2 : v) >>> 0;
  }
  if (id === TypeId.str) {
    const cached = mem.i32[(key + STR_HASH) >>> 2]!;
    if (cached !== -1) return cached >>> 0;
    const h = hashString(readStr(mem, key)) & 0x7fffffff;
    mem.i32[(key + STR_HASH) >>> 2] = h;
    return h;
  }
  if (id === TypeId.float) {
    const v = readFloat(mem, key);
    return Number.isInteger(v) ? v >>> 0 : hashString(String(v));
  }
  if (id === TypeId.weakref) {
    // A weak reference keeps the identity hash it was first given in its hash word (as a JVM keeps an
    // object's identity hash in its header once asked), so a moving collector can move it without
    // rehashing the dicts and sets that hold it. The high word turns from -1 to 0 once it is set.
    if (mem.i32[(key + WR_HASH + 4) >>> 2] !== 0) {
      mem.u32[(key + WR_HASH) >>> 2] = identityHash(key);
      mem.i32[(key + WR_HASH + 4) >>> 2] = 0;
    }
    return mem.u32[(key + WR_HASH) >>> 2]!;
  }
  return identityHash(key);
}

/** Identity hash: id(o) >> 4 rotated, as CPython's `_Py_HashPointer` does. */
function identityHash(addr: number): number {
  return ((addr >>> 4) | (addr << 28)) >>> 0;
}

/** Key equality: the same object, or equal int/float/str values. */
export function keysEqual(mem: LinearMemory, a: number, b: number): boolean {
  if (a === b) return true;
  const ta = mem.u32[a >>> 2]!;
  const tb = mem.u32[b >>> 2]!;
  if (ta === TypeId.str && tb === TypeId.str) return readStr(mem, a) === readStr(mem, b);
  return numericKeysEqual(numericKey(mem, a, ta), numericKey(mem, b, tb));
}

/** An int key's exact value (a bigint past 2^53, where a number would round), a float's value, else NaN. */
function numericKey(mem: LinearMemory, obj: number, type: number): number | bigint {
  if (type === TypeId.int) return readIntExact(mem, obj);
  return type === TypeId.float ? readFloat(mem, obj) : Number.NaN;
}

/**
 * Python's `==` on two numeric keys: exact, so `2**60 + 1` and `2**60 + 2` are two keys (their hashes,
 * read from rounded values, may collide; equality must not). A bigint equals a float only when the float
 * is that integer exactly.
 */
function numericKeysEqual(x: number | bigint, y: number | bigint): boolean {
  if (typeof x === typeof y) return x === y;
  const [big, num] = typeof x === "bigint" ? [x, y as number] : [y as bigint, x];
  return Number.isInteger(num) && BigInt(num) === big;
}

/**
 * `lookdict`'s probe loop: the index slot whose entry holds `key`, or -1. Lookups read the entry
 * number there (`lookup`); a deletion overwrites it with the dummy.
 */
export function lookupSlot(mem: LinearMemory, keys: number, key: number, hash: number): number {
  if (keys === 0) return -1;
  const mask = (1 << mem.u8[keys + DK_LOG2_SIZE]!) - 1;
  let i = hash & mask;
  let perturb = hash;
  for (;;) {
    const ix = getIndex(mem, keys, i);
    if (ix === -1) return -1;
    if (ix >= 0) {
      const k = mem.u32[entryKeySlot(mem, keys, ix) >>> 2]!;
      if (k !== 0 && keysEqual(mem, k, key)) return i;
    }
    perturb >>>= 5;
    i = (i * 5 + perturb + 1) & mask;
  }
}

/** Finds the entry number of `key` in `keys`, or -1. */
export function lookup(mem: LinearMemory, keys: number, key: number, hash: number): number {
  const i = lookupSlot(mem, keys, key, hash);
  return i < 0 ? -1 : getIndex(mem, keys, i);
}

/** The first empty index slot for `hash` (used when inserting a key known to be absent). */
export function findEmptySlot(mem: LinearMemory, keys: number, hash: number): number {
  const mask = (1 << mem.u8[keys + DK_LOG2_SIZE]!) - 1;
  let i = hash & mask;
  let perturb = hash;
  while (getIndex(mem, keys, i) >= 0) {
    perturb >>>= 5;
    i = (i * 5 + perturb + 1) & mask;
  }
  return i;
}

/**
 * Moves every live entry of `from` into the fresh table `to` (initialised by `initKeys`), in order,
 * rebuilding the indices. References move; none is created or dropped.
 */
export function copyEntries(mem: LinearMemory, from: number, to: number): void {
  const n = mem.u32[(from + DK_NENTRIES) >>> 2]!;
  const toGeneral = mem.u8[to + DK_KIND] === 0;
  let out = 0;
  for (let ix = 0; ix < n; ix++) {
    const ks = entryKeySlot(mem, from, ix);
    const k = mem.u32[ks >>> 2]!;
    const v = mem.u32[(ks + 8) >>> 2]!;
    if (k === 0) continue; // deleted
    const h = keyHash(mem, k);
    const dst = entryKeySlot(mem, to, out);
    mem.u32[dst >>> 2] = k;
    mem.u32[(dst + 8) >>> 2] = v;
    if (toGeneral) mem.u32[(dst - 8) >>> 2] = h;
    setIndex(mem, to, findEmptySlot(mem, to, h), out);
    out++;
  }
  mem.u32[(to + DK_NENTRIES) >>> 2] = out;
  mem.u32[(to + DK_USABLE) >>> 2]! -= out;
}

/** Number of live entries (`len(d)` is kept in `ma_used`; this recounts for the verifier). */
export function countEntries(mem: LinearMemory, keys: number): number {
  if (keys === 0) return 0;
  const n = mem.u32[(keys + DK_NENTRIES) >>> 2]!;
  let c = 0;
  for (let ix = 0; ix < n; ix++) if (mem.u32[entryKeySlot(mem, keys, ix) >>> 2] !== 0) c++;
  return c;
}

/** `ob_size` reader shared by the container code. */
export function obSize(mem: LinearMemory, obj: number): number {
  return mem.u32[(obj + OB_SIZE) >>> 2]!;
}
