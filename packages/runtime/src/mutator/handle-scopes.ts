import { PyValueError } from "../errors";
import type { HandleTable } from "../roots/handle-table";
import { requireFunction, requireIndex } from "./arguments";

/**
 * Handle scopes, V8's `HandleScope` for heaplab: the handles an operation makes are released together
 * when its scope closes, so a program cannot leak roots by forgetting a handle. A scope's mark is the
 * height of the table's scoped stack when it opened; closing releases everything above it except
 * persistent and escaped handles.
 */

/**
 * Runs `fn` in a handle scope: the handles it makes are released when it returns or throws, except a
 * returned handle, which escapes to the enclosing scope (so `rt.scope(() => rt.newList())` hands the
 * list out alive).
 * @example
 * const xs = inScope(rt.handles, () => rt.newList()); // xs survives, temporaries do not
 */
export function inScope<T>(handles: HandleTable, fn: () => T): T {
  requireFunction("scope body", fn);
  const mark = handles.openScope();
  try {
    const r = fn();
    if (typeof r === "number" && r !== 0 && handles.isValid(r)) handles.escape(r);
    return r;
  } finally {
    handles.closeScope(mark);
  }
}

/**
 * Closes the scope opened at `mark`, after checking it is the mark of an open scope (a stale or made-up
 * mark would release handles that belong to an enclosing scope).
 * @throws PyValueError for a mark above the open scopes, PyTypeError for one that is not an index.
 * @example
 * const mark = rt.openScope(); rt.newList(); closeScopeAt(rt.handles, mark);
 */
export function closeScopeAt(handles: HandleTable, mark: number): void {
  requireIndex("scope mark", mark);
  if (mark < 0 || mark > handles.openScope())
    throw new PyValueError(`scope mark ${mark} is not the mark of an open scope`);
  handles.closeScope(mark);
}
