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

/** The MemoryError a plan raises when even its fullest collection left no room. */
export function heapFull(plan: string, size: number, used: number, limit: number, held: number): MemoryError {
  return new MemoryError(
    `MemoryError: '${plan}' heap is full after a full collection: ${used} bytes in use, ${size} requested, limit ${limit}`,
    size,
    limit,
    held,
  );
}
