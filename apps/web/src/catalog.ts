/**
 * The lab offers exactly the strategies the heaplab command knows: one catalog, `@heaplab/catalog`.
 */
export { catalog } from "@heaplab/catalog";
