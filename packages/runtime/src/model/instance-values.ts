import type { LinearMemory } from "../memory/linear-memory";

/**
 * An instance's attribute values array (3.11's `PyDictValues`, allocated with `PyMem_Malloc`): an 8-byte
 * header holding the capacity, then one reference word per attribute of the type's shared keys.
 */
export const VALUES_HEADER = 8;

/** Capacity (number of value words) of a values array. */
export function valuesCapacity(mem: LinearMemory, values: number): number {
  return mem.u32[values >>> 2]!;
}

/** Bytes of a values array with room for `n` attributes. */
export function valuesBytes(n: number): number {
  return VALUES_HEADER + 8 * n;
}
