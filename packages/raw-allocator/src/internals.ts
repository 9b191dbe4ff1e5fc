/**
 * @heaplab/raw-allocator/internals — the building blocks heaplab's own packages share: the TLSF block
 * layout (`block-layout`), the size mapping (`size-mapping`), the address set the debug hooks use, the
 * debug hooks' fill bytes and API ids (pymalloc writes `API_OBJ` in the blocks it asks for) and the
 * request check. They may change between minor versions; programs outside heaplab should use
 * `@heaplab/raw-allocator`.
 *
 * @example
 * import { API_OBJ } from "@heaplab/raw-allocator/internals";
 * debugHooks.malloc(API_OBJ, n, false, pymalloc); // a pymalloc block, as CPython tags it
 */
export * from "./address-set";
export * from "./block-layout";
export {
  API_MEM,
  API_OBJ,
  API_RAW,
  CLEANBYTE,
  DEADBYTE,
  DEBUG_OVERHEAD,
  FORBIDDENBYTE,
} from "./debug-hooks";
export { checkRequest } from "./raw-allocator";
export * from "./size-mapping";
