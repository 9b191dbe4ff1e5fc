/**
 * The byte layouts pymalloc keeps in linear memory, as u32 indexes from the structure's first word
 * (64-bit layout: a pointer is stored in the low half of its 8-byte field, the high half is zero).
 *
 * `struct pool_header` (48 bytes, `POOL_OVERHEAD`) sits at the start of each 16 KiB pool;
 * `struct arena_object` (48 bytes) entries make up the `arenas[]` vector, a raw block that doubles as
 * CPython reallocs it with `PyMem_RawRealloc`. Arena objects link to each other by index + 1 (0 is NULL).
 *
 * @example
 * const count = mem.u32[(pool >>> 2) + COUNT]; // pool->ref.count
 */

/** `ref.count`. */
export const COUNT = 0;
/** `block *freeblock`. */
export const FREEBLOCK = 2;
/** `poolp nextpool`. */
export const NEXTPOOL = 4;
/** `poolp prevpool`. */
export const PREVPOOL = 6;
/** `uint arenaindex`. */
export const ARENAINDEX = 8;
/** `uint szidx`. */
export const SZIDX = 9;
/** `uint nextoffset`. */
export const NEXTOFFSET = 10;
/** `uint maxnextoffset`. */
export const MAXNEXTOFFSET = 11;

/** `arena_object` field, u32 index. */
export const AO_ADDRESS = 0;
/** `arena_object` field, u32 index. */
export const AO_POOL_ADDRESS = 2;
/** `arena_object` field, u32 index. */
export const AO_NFREEPOOLS = 4;
/** `arena_object` field, u32 index. */
export const AO_NTOTALPOOLS = 5;
/** `arena_object` field, u32 index. */
export const AO_FREEPOOLS = 6;
/** `arena_object` field, u32 index. */
export const AO_NEXTARENA = 8;
/** `arena_object` field, u32 index. */
export const AO_PREVARENA = 10;

/** No arena (NULL) in the JS-held arena indexes. */
export const NIL = -1;
