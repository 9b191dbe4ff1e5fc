/**
 * The tracing strategies' one-word object header, 8 bytes before the type word, plus the free high
 * half of the type word:
 *
 * ```
 * obj - 8  u32  block size in bytes, header included (makes every space walkable)
 * obj - 4  u32  status bits: mark, forwarded, pinned, finalized, aux, free, age (4 bits)
 * obj + 0  u32  type id (the runtime's)
 * obj + 4  u32  forwarding address while a collection moves the object (0 otherwise)
 * ```
 *
 * Auxiliary blocks and free blocks use the same two header words, so a space is a sequence of blocks.
 */

/** Bytes of the header before the type word: the one word every tracing strategy counts in sizes. */
export const HEADER_BYTES = 8;
/** Reached in the current collection. */
export const MARK = 1;
/** Copied or given a new address; the new address is in the type word's high half. */
export const FORWARDED = 2;
/** Must not move. */
export const PINNED = 4;
/** Its finalizer was queued (it ran or will run); never queued again. */
export const FINALIZED = 8;
/** An auxiliary-storage block (a list's items, a dict's keys), not an object. */
export const AUX = 16;
/** A free block (a free-list entry or a filler left by sweeping). */
export const FREE = 32;
/** Bits 8..11: the number of young collections survived (HotSpot's 4-bit age, at most 15). */
export const AGE_SHIFT = 8;
export const AGE_MASK = 0xf << AGE_SHIFT;
/** The oldest age the header can hold (`markWord::max_age`). */
export const MAX_AGE = 15;

/** Rounds a byte count up to the 8-byte granule. */
export function align8(n: number): number {
  return (n + 7) & ~7;
}

/** The block size (header included) of a request of `bodyBytes`. */
export function blockBytes(bodyBytes: number): number {
  return HEADER_BYTES + align8(bodyBytes);
}

/** Size of the block whose type word (or payload) is at `obj`. */
export function sizeOf(u32: Uint32Array, obj: number): number {
  return u32[(obj - 8) >>> 2]!;
}

/** Size of the block that starts at `block` (its header's first word): for walks that step block by block. */
export function blockSizeAt(u32: Uint32Array, block: number): number {
  return u32[block >>> 2]!;
}

/** The runtime's type id of `obj` (the type word's low half). */
export function typeIdOf(u32: Uint32Array, obj: number): number {
  return u32[obj >>> 2]!;
}

/** Status word of the block at `obj`. */
export function statusOf(u32: Uint32Array, obj: number): number {
  return u32[(obj - 4) >>> 2]!;
}

/** Writes the header of a block starting at `block` (its payload/object is at `block + 8`). */
export function writeHeader(u32: Uint32Array, block: number, size: number, status: number): void {
  u32[block >>> 2] = size;
  u32[(block + 4) >>> 2] = status;
}

/** The forwarding address of `obj` (valid while its FORWARDED bit is set). */
export function forwardeeOf(u32: Uint32Array, obj: number): number {
  return u32[(obj + 4) >>> 2]!;
}

/** Clears FORWARDED and the forwarding word (a self-forwarded object gets its header back). */
export function clearForwardee(u32: Uint32Array, obj: number): void {
  u32[(obj - 4) >>> 2]! &= ~FORWARDED;
  u32[(obj + 4) >>> 2] = 0;
}

/** Sets FORWARDED and the new address. */
export function setForwardee(u32: Uint32Array, obj: number, to: number): void {
  u32[(obj - 4) >>> 2]! |= FORWARDED;
  u32[(obj + 4) >>> 2] = to;
}

/** Sets `bits` in the status word of `obj`. */
export function addStatus(u32: Uint32Array, obj: number, bits: number): void {
  u32[(obj - 4) >>> 2]! |= bits;
}

/** Clears `bits` in the status word of `obj`. */
export function clearStatus(u32: Uint32Array, obj: number, bits: number): void {
  u32[(obj - 4) >>> 2]! &= ~bits;
}

/** Replaces the status word of `obj`. */
export function setStatus(u32: Uint32Array, obj: number, status: number): void {
  u32[(obj - 4) >>> 2] = status;
}

/** The age of `obj`. */
export function ageOf(u32: Uint32Array, obj: number): number {
  return (u32[(obj - 4) >>> 2]! & AGE_MASK) >>> AGE_SHIFT;
}

/** Sets the age of `obj` (at most MAX_AGE). */
export function setAge(u32: Uint32Array, obj: number, age: number): void {
  const i = (obj - 4) >>> 2;
  u32[i] = (u32[i]! & ~AGE_MASK) | (Math.min(MAX_AGE, age) << AGE_SHIFT);
}
