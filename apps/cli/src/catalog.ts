import { cpythonStrategy } from "@heaplab/generational";
import { refcountStrategy } from "@heaplab/refcount";
import { noneStrategy, StrategyCatalog } from "@heaplab/runtime";
import { tracingStrategies } from "@heaplab/tracing";

/**
 * Every strategy the heaplab command knows, in the order `heaplab strategies` lists them.
 * A package that adds strategies exports their entries; add them here.
 */
export const catalog = new StrategyCatalog([
  noneStrategy,
  cpythonStrategy,
  refcountStrategy,
  ...tracingStrategies,
]);
