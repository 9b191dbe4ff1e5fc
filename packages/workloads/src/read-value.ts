import type { Runtime } from "@heaplab/runtime";

/**
 * Runs `fn` in its own handle scope and returns the plain value it read (a float, an int, a length),
 * releasing every handle `fn` made.
 *
 * Why not `rt.scope(fn)`: `scope` lets a returned handle escape, and a handle is a number, so it takes
 * any returned number that happens to equal a live handle for one and escapes that handle. A row value
 * of `2.0` escaped handle 2 whenever its slot's generation had wrapped to 0, and the escaped handle
 * outlived the program: the "leaked" float and int the comparison engine reported under every strategy.
 * A workload that reads a value uses this instead, so nothing it returns is ever taken for a root.
 *
 * @example
 * const total = readValue(rt, () => rt.floatValue(rt.getItem(row, 2)));
 */
export function readValue<T extends number | string | boolean>(rt: Runtime, fn: () => T): T {
  const mark = rt.openScope();
  try {
    return fn();
  } finally {
    rt.closeScope(mark);
  }
}
