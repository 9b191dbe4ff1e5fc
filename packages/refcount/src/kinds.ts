import type { TypeInfo, TypeKind } from "@heaplab/runtime";

/** Small integer codes for `TypeInfo.kind`, so hot paths switch on numbers. */
export const K_INT = 1;
export const K_FLOAT = 2;
export const K_STR = 3;
export const K_BYTES = 4;
export const K_TUPLE = 5;
export const K_LIST = 6;
export const K_DICT = 7;
export const K_SET = 8;
export const K_WEAKREF = 9;
export const K_SLOTS = 10;
export const K_INSTANCE = 11;

const CODES: Record<TypeKind, number> = {
  int: K_INT,
  float: K_FLOAT,
  str: K_STR,
  bytes: K_BYTES,
  tuple: K_TUPLE,
  list: K_LIST,
  dict: K_DICT,
  set: K_SET,
  weakref: K_WEAKREF,
  slots: K_SLOTS,
  instance: K_INSTANCE,
};

/** The kind code of a type. */
export function kindCode(t: TypeInfo): number {
  return CODES[t.kind];
}
