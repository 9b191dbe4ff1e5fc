import type { Handle } from "../roots/handle";

/**
 * What shape an object has. The kind decides the body layout and the traversal; a type is a kind plus
 * sizes and behaviour. Registered user types are `slots` (fixed reference slots, like `__slots__`) or
 * `instance` (attributes in a managed values array, like a plain 3.11 class).
 * @example
 * rt.typeOf(h).kind === "list";
 */
export type TypeKind =
  | "int"
  | "float"
  | "str"
  | "bytes"
  | "tuple"
  | "list"
  | "dict"
  | "set"
  | "slots"
  | "instance"
  | "weakref";

/**
 * A `__del__`: runs with a handle to the dying object; may resurrect it by storing it somewhere.
 * @example
 * const Res = rt.types.register({ name: "Res", kind: "slots", finalizer: (self) => console.log("closed") });
 */
export type Finalizer = (self: Handle) => void;

/**
 * A type descriptor, shared by every strategy. Sizes are 64-bit CPython 3.11's.
 *
 * Layout: an object reference is the address of its 8-byte **type word** (low u32 = type id, high u32
 * free for the strategy). The body follows at fixed offsets. A strategy's header words (refcount and
 * `PyGC_Head` under CPython, a status word under tracing collectors) sit *before* the type word and are
 * counted in every size: `allocation = strategy prefix + body`.
 *
 * @example
 * const Node = rt.types.register({ name: "Node", kind: "slots", slots: ["a", "b"], weakrefable: true });
 */
export interface TypeInfo {
  /** Index in the registry; stored in the type word. */
  readonly id: number;
  readonly name: string;
  readonly kind: TypeKind;
  /** CPython's `tp_basicsize` (includes `ob_refcnt` and `ob_type`, excludes `PyGC_Head`). */
  readonly basicSize: number;
  /** CPython's `tp_itemsize`. */
  readonly itemSize: number;
  /** `Py_TPFLAGS_HAVE_GC`: the cycle collector tracks instances. */
  readonly gc: boolean;
  /** 3.11 managed `__dict__` (the 16-byte pre-header is part of heaplab's body; see `INSTANCE_DICT`). */
  readonly managedDict: boolean;
  /** Reference slot names for `slots` types, in CPython's (sorted) member order. */
  readonly slots: readonly string[];
  /** Whether weak references to instances may be made (a `__weakref__` slot exists). */
  readonly weakrefable: boolean;
  /** Body offset of the weak-reference list head, or -1. */
  readonly weaklistOffset: number;
  /** `__del__`, or null. */
  readonly finalizer: Finalizer | null;
}

/** Word size of the modelled machine: 64-bit. */
export const WORD = 8;
/** Bytes of CPython's `ob_refcnt`, which is not part of the shared body. */
export const REFCNT_BYTES = 8;
/** Bytes of `PyGC_Head`. */
export const GC_HEAD_BYTES = 16;
/** Bytes of 3.11's managed-dict pre-header. */
export const MANAGED_DICT_BYTES = 16;

/** Body offset of the type word. */
export const OB_TYPE = 0;
/** Body offset of `ob_size` in variable-size objects (tuple, int, bytes, str length, list size). */
export const OB_SIZE = 8;

/** Body offsets of a list: `ob_item` (the separately allocated item array) and `allocated`. */
export const LIST_ITEMS = 16;
export const LIST_ALLOCATED = 24;

/** Body offset of a tuple's first item. */
export const TUPLE_ITEMS = 16;

/** Body offsets of a dict: `ma_used`, `ma_version_tag`, `ma_keys`, `ma_values`. */
export const DICT_USED = 8;
export const DICT_VERSION = 16;
export const DICT_KEYS = 24;
export const DICT_VALUES = 32;

/** Body offsets of a weak reference: referent, callback id, hash, list links. */
export const WR_OBJECT = 8;
export const WR_CALLBACK = 16;
export const WR_HASH = 24;
export const WR_PREV = 32;
export const WR_NEXT = 40;

/** Body offset of a float's value. */
export const FLOAT_VALUE = 8;

/** Body offsets of an int: `ob_size` (signed digit count) then 30-bit digits (u32 each). */
export const INT_DIGITS = 16;

/** Body offsets of a str (compact): length, hash, state, then the data for ASCII strings. */
export const STR_LENGTH = 8;
export const STR_HASH = 16;
export const STR_STATE = 24;
export const STR_ASCII_DATA = 40;
export const STR_COMPACT_DATA = 64;

/** Body offsets of bytes: size, hash, then the data. */
export const BYTES_HASH = 16;
export const BYTES_DATA = 24;

/** Body offsets of a set: fill, used, mask, table pointer, hash, finger, smalltable (8 × 16), weaklist. */
export const SET_FILL = 8;
export const SET_USED = 16;
export const SET_MASK = 24;
export const SET_TABLE = 32;
export const SET_SMALLTABLE = 56;
export const SET_WEAKLIST = 184;
export const SET_MINSIZE = 8;

/**
 * Body offsets of an `instance`. CPython 3.11 keeps the materialised `__dict__` and the inline values
 * pointer in a 16-byte pre-header before the GC header; heaplab keeps those two words in the body, right
 * after the type word, so the total size is the same (56 bytes) and strategies add no pre-header.
 */
export const INSTANCE_DICT = 8;
export const INSTANCE_VALUES = 16;
export const INSTANCE_WEAKLIST = 24;

/** Body offset of slot `i` in a `slots` instance. */
export function slotOffset(i: number): number {
  return 8 + WORD * i;
}
