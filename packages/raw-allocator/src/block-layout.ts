/**
 * The layout of one TLSF block in linear memory.
 *
 * A block starts with an 8-byte header at an address ≡ 8 (mod 16), so that its payload (header + 8)
 * is 16-byte aligned, as 64-bit `malloc` guarantees. Block sizes (header included) are multiples of 16,
 * so the low four bits of the size word are free for flags:
 *
 * ```
 * used block:  [size | flags : u32][requested bytes : u32][payload ...]
 * free block:  [size | flags : u32][0 : u32][next free : u32][prev free : u32] ... [back pointer : u32]
 * ```
 *
 * The back pointer (the block's own header address, in its last 4 bytes) lets the right neighbour find
 * a free left neighbour in O(1) when it coalesces (boundary tags). A region of memory obtained from the
 * operating system starts with an 8-byte region word pair and ends with a used, zero-size tail block.
 */

/** Bytes of the block header; the payload starts this far after it. */
export const HEADER_BYTES = 8;
/** Smallest block: header + next + prev + back pointer, rounded up to 16. */
export const MIN_BLOCK = 32;
/** The block is free (on a free list). */
export const FREE = 1;
/** The block on the left is free; its header address is in the 4 bytes just before this header. */
export const LEFT_FREE = 2;
/** The block is the first of its region (it has no left neighbour). */
export const FIRST = 4;
/** Mask that extracts the size from a size word. */
export const SIZE_MASK = ~15;
/** Region word pair (size, magic) before the first block, and the tail block after the last. */
export const REGION_OVERHEAD = 16;
/** Magic word stored after a region's size, checked by `verify`. */
export const REGION_MAGIC = 0x7e6a0f5a;
/** The largest request the raw allocator accepts (keeps every size below 2^31). */
export const MAX_REQUEST = 0x7fff0000;

/**
 * The block size (header included) that serves a request of `n` bytes.
 * @example
 * blockSizeFor(1);  // 32: the minimum block
 * blockSizeFor(25); // 48
 */
export function blockSizeFor(n: number): number {
  return n <= MIN_BLOCK - HEADER_BYTES ? MIN_BLOCK : (n + HEADER_BYTES + 15) & SIZE_MASK;
}
