import { cpython314Strategy, cpythonStrategies } from "@heaplab/generational";
import { refcountStrategy } from "@heaplab/refcount";
import { noneStrategy, StrategyCatalog } from "@heaplab/runtime";
import { tracingStrategies } from "@heaplab/tracing";

/**
 * Every strategy heaplab ships, in the order `heaplab strategies` lists them: the one list both the
 * command and the dashboard offer. A package that adds strategies exports their entries; add them here.
 *
 * @example
 * const rt = new Runtime(catalog.get("cpython-3.11").create({ heapLimit: 64 << 20 }), { heapLimit: 64 << 20 });
 */
export const catalog = new StrategyCatalog([
  noneStrategy,
  ...cpythonStrategies,
  cpython314Strategy,
  refcountStrategy,
  ...tracingStrategies,
]);
