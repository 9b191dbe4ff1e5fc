import { HeapCorruptionError } from "@heaplab/runtime";
import { HEAD_PERMANENT } from "../collector";
import type { IncrementalCollector } from "./incremental-collector";
import { oldSpaceOf } from "./old-space";

/**
 * The space invariant between collections (CPython's `validate_spaces`): young objects carry the
 * not-visited space, each old space's objects its own number, the permanent generation the visited
 * space. A broken one would make a mark skip an object it must scan, or scan one twice.
 * @throws HeapCorruptionError naming the list and the object.
 */
export function verifySpaces(c: IncrementalCollector): void {
  const u32 = c.u32;
  const check = (head: number, space: number, what: string) => {
    for (let g = u32[head >>> 2]!; g !== head; g = u32[g >>> 2]!)
      if (oldSpaceOf(u32, g) !== space)
        throw new HeapCorruptionError(
          `${what} holds an object marked with old space ${oldSpaceOf(u32, g)}`,
          g + 24,
        );
  };
  check(c.young, c.visitedSpace ^ 1, "the young generation");
  check(c.old(0), 0, "old space 0");
  check(c.old(1), 1, "old space 1");
  check(c.head(HEAD_PERMANENT), c.visitedSpace, "the permanent generation");
}
