import { LinearMemory, OsMemory } from "@heaplab/runtime";

/** A fresh address space of `limit` bytes and its operating system. */
export function newOs(limit = 64 << 20): OsMemory {
  return new OsMemory(new LinearMemory({ limitBytes: limit }), { limitBytes: limit });
}
