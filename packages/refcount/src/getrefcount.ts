import type { Handle, Runtime } from "@heaplab/runtime";

/**
 * `sys.getrefcount(x)` for a variable `x` held by handle `h`: the object's count plus the one the call's
 * argument would add. (CPython's `sys.getrefcount(expr)` on a temporary reads 1; in heaplab the
 * temporary is the handle, so subtract one for that case.) Null where the strategy keeps no counts.
 *
 * @example
 * const x = rt.newObject(T);
 * getrefcount(rt, x); // 2, as CPython's `x = T(); sys.getrefcount(x)`
 */
export function getrefcount(rt: Runtime, h: Handle): number | null {
  const n = rt.refcount(h);
  return n === null ? null : n + 1;
}
