/**
 * TLSF's two-level size mapping (Masmano et al.; the numbers AssemblyScript's runtime uses):
 * SL_BITS = 4 (16 second-level lists per power of two), 16-byte alignment, so sizes below
 * SB_SIZE = 256 bytes get exact 16-byte classes (first level 0), larger sizes 16 linear
 * subdivisions of each power of two. Both levels are packed into one list index `fl * 16 + sl`.
 */

/** Second-level lists per first-level class. */
export const SL_COUNT = 16;
/** First-level classes: sizes below 2^31 need 24; one spare. */
export const FL_COUNT = 25;
/** Number of free lists. */
export const LIST_COUNT = FL_COUNT * SL_COUNT;
/** Blocks smaller than this use exact 16-byte classes. */
export const SMALL_BLOCK = 256;

/**
 * The free list a block of `size` bytes belongs to (TLSF `mapping_insert`).
 * @example
 * insertIndex(32);  // 2: first level 0, second level 2
 * insertIndex(256); // 16: first level 1, second level 0
 */
export function insertIndex(size: number): number {
  if (size < SMALL_BLOCK) return size >>> 4;
  const msb = 31 - Math.clz32(size);
  return ((msb - 7) << 4) | ((size >>> (msb - 4)) & 15);
}

/**
 * The first list whose every block is at least `size` bytes (TLSF `mapping_search`: round the
 * request up to the next second-level boundary, "good fit"), so a search is O(1).
 * @example
 * searchIndex(272); // 17: every block in list 17 (272..287) fits
 * searchIndex(280); // 18
 */
export function searchIndex(size: number): number {
  if (size >= SMALL_BLOCK) size += (1 << (27 - Math.clz32(size))) - 1;
  return insertIndex(size);
}

/** Index of the lowest set bit of a non-zero 32-bit word (find-first-set). */
export function lowestBit(word: number): number {
  return 31 - Math.clz32(word & -word);
}

/** Index of the highest set bit of a non-zero 32-bit word. */
export function highestBit(word: number): number {
  return 31 - Math.clz32(word);
}
