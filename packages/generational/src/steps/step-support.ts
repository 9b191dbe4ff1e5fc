/** Names the steps share, re-exported so each step file reads like its C counterpart. */
export { fromGc, K_DICT, K_TUPLE, K_WEAKREF } from "@heaplab/refcount/internals";
export { TUPLE_ITEMS as TUPLE_ITEMS_OFFSET } from "@heaplab/runtime/internals";
