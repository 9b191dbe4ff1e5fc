/**
 * The dashboard offers exactly the strategies the heaplab command knows: one catalog, in
 * apps/cli/src/catalog.ts.
 */
export { catalog } from "../../cli/src/catalog";
