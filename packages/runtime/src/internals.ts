/**
 * @heaplab/runtime/internals — the building blocks heaplab's own packages share: object layouts
 * (offsets in `type-info`), the object code on them (`list-object`, `dict-object`, `dict-table`,
 * `set-table`, `instance-object`, `weakref-object`, `weakref-list`, `value-codec`), the reference-store
 * interface that code is written against, argument checks, the finalizer runner and the verifier.
 * Strategies and tools inside heaplab import from here; they may change between minor versions, so
 * programs outside heaplab should use `@heaplab/runtime`.
 *
 * @example
 * import { LIST_ITEMS, OB_SIZE } from "@heaplab/runtime/internals";
 * const n = rt.memory.u32[(rt.addressOf(list) + OB_SIZE) >>> 2];
 */
export { formatBytes } from "./errors";
export { WASM_PAGE } from "./memory/linear-memory";
export { OS_PAGE, roundUp } from "./memory/os-memory";
export * from "./model/dict-object";
export * from "./model/dict-table";
export * from "./model/instance-object";
export * from "./model/instance-values";
export * from "./model/list-object";
export { SET_DUMMY } from "./model/object-model";
export * from "./model/ref-store";
export * from "./model/set-table";
export * from "./model/tuple-object";
export {
  BYTES_DATA,
  BYTES_HASH,
  DICT_KEYS,
  DICT_USED,
  DICT_VALUES,
  DICT_VERSION,
  FLOAT_VALUE,
  GC_HEAD_BYTES,
  INSTANCE_DICT,
  INSTANCE_VALUES,
  INSTANCE_WEAKLIST,
  INT_DIGITS,
  LIST_ALLOCATED,
  LIST_ITEMS,
  MANAGED_DICT_BYTES,
  OB_SIZE,
  OB_TYPE,
  REFCNT_BYTES,
  SET_FILL,
  SET_MASK,
  SET_MINSIZE,
  SET_SMALLTABLE,
  SET_TABLE,
  SET_USED,
  SET_WEAKLIST,
  STR_ASCII_DATA,
  STR_COMPACT_DATA,
  STR_HASH,
  STR_LENGTH,
  STR_STATE,
  slotOffset,
  TUPLE_ITEMS,
  WORD,
  WR_CALLBACK,
  WR_HASH,
  WR_NEXT,
  WR_OBJECT,
  WR_PREV,
} from "./model/type-info";
export * from "./model/value-codec";
export * from "./model/weakref-list";
export * from "./model/weakref-object";
export * from "./mutator/arguments";
export { FinalizerRunner } from "./mutator/finalizer-runner";
export { verifyHeap } from "./verify/verifier";
export { IterationGuard } from "./weak/iteration-guard";
export { weakIterator } from "./weak/weak-set";
