// The catalog is the `@heaplab/catalog` package; this file stays so existing imports keep working.
export { catalog } from "@heaplab/catalog";
