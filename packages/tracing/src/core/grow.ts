import { MemoryError } from "@heaplab/runtime";
import type { BumpSpace } from "../spaces/bump-space";

/** Adds a region of `bytes` to `space`; false instead of MemoryError when the operating system refuses. */
export function tryAddRegion(space: BumpSpace, bytes: number): boolean {
  try {
    space.addRegion(bytes);
    return true;
  } catch (e) {
    if (e instanceof MemoryError) return false;
    throw e;
  }
}

/**
 * Bump-allocates `size` bytes in `space`, growing it by a region of at least `regionBytes` first if no
 * region has room and the limit allows; 0 if it does not. Used for a copy's destination (a copy reserve,
 * the mature space) and for a plan's retry after a collection.
 *
 * @example
 * const block = allocOrGrow(to, 48, 4 << 20); // 0 only when the OS refused the region
 */
export function allocOrGrow(space: BumpSpace, size: number, regionBytes: number): number {
  return space.alloc(size) || (tryAddRegion(space, Math.max(size, regionBytes)) ? space.alloc(size) : 0);
}

/** The MemoryError a plan raises when even its fullest collection left no room. */
export function heapFull(plan: string, size: number, used: number, limit: number, held: number): MemoryError {
  return new MemoryError(
    `MemoryError: '${plan}' heap is full after a full collection: ${used} bytes in use, ${size} requested, limit ${limit}`,
    size,
    limit,
    held,
  );
}
