/**
 * obmalloc's tunable settings for 64-bit CPython 3.11 (`Objects/obmalloc.c`), with the radix tree
 * (`WITH_PYMALLOC_RADIX_TREE`), large arenas and large pools.
 */

/** `ALIGNMENT`: every block is a multiple of 16 bytes (since 3.8 on 64-bit). */
export const ALIGNMENT = 16;
/** `ALIGNMENT_SHIFT`. */
export const ALIGNMENT_SHIFT = 4;
/** `SMALL_REQUEST_THRESHOLD`: larger requests (and 0) go to the raw allocator. */
export const SMALL_REQUEST_THRESHOLD = 512;
/** `NB_SMALL_SIZE_CLASSES` = 512 / 16. */
export const NB_SMALL_SIZE_CLASSES = 32;
/** `ARENA_SIZE`: 1 MiB (`ARENA_BITS` 20). */
export const ARENA_SIZE = 1 << 20;
/** `POOL_SIZE`: 16 KiB (`POOL_BITS` 14). */
export const POOL_SIZE = 1 << 14;
/** `POOL_SIZE_MASK`. */
export const POOL_SIZE_MASK = POOL_SIZE - 1;
/** `MAX_POOLS_IN_ARENA` = ARENA_SIZE / POOL_SIZE. */
export const MAX_POOLS_IN_ARENA = ARENA_SIZE / POOL_SIZE;
/** `POOL_OVERHEAD`: sizeof(struct pool_header) rounded up to ALIGNMENT. */
export const POOL_OVERHEAD = 48;
/** `INITIAL_ARENA_OBJECTS`: the arenas[] vector starts with 16 entries and doubles. */
export const INITIAL_ARENA_OBJECTS = 16;
/** `DUMMY_SIZE_IDX`: the size class of a freshly carved pool. */
export const DUMMY_SIZE_IDX = 0xffff;
/** sizeof(struct arena_object) on 64-bit. */
export const ARENA_OBJECT_SIZE = 48;
/** sizeof(arena_map_root): 2^15 pointers (IGNORE_BITS = 0). */
export const ARENA_MAP_ROOT_BYTES = 262_144;
/** sizeof(arena_map_mid_t): 2^15 pointers. */
export const ARENA_MAP_MID_BYTES = 262_144;
/** sizeof(arena_map_bot_t): 2^14 leaves of two int32. */
export const ARENA_MAP_BOT_BYTES = 131_072;

/**
 * `INDEX2SIZE(i)`: the block size of size class `i`.
 * @example
 * indexToSize(0);  // 16
 * indexToSize(31); // 512
 */
export function indexToSize(i: number): number {
  return (i + 1) << ALIGNMENT_SHIFT;
}

/**
 * The size class of an `n`-byte request, 1 ≤ n ≤ 512: `(n - 1) >> ALIGNMENT_SHIFT`.
 * @example
 * sizeClassOf(16); // 0
 * sizeClassOf(17); // 1
 */
export function sizeClassOf(n: number): number {
  return (n - 1) >>> ALIGNMENT_SHIFT;
}

/**
 * `NUMBLOCKS(i)`: blocks in one pool of class `i`, `(POOL_SIZE - POOL_OVERHEAD) / size`.
 * @example
 * numBlocks(0);  // 1021
 * numBlocks(31); // 31
 */
export function numBlocks(i: number): number {
  return Math.floor((POOL_SIZE - POOL_OVERHEAD) / indexToSize(i));
}
