import { RawAllocator } from "@heaplab/raw-allocator";
import { LinearMemory, OsMemory } from "@heaplab/runtime";
import { Pymalloc, type PymallocOptions } from "../src";

/** A fresh heap: address space, OS, raw allocator and pymalloc. */
export function newHeap(options: PymallocOptions & { limit?: number; debugHooks?: boolean } = {}) {
  const limit = options.limit ?? 64 << 20;
  const os = new OsMemory(new LinearMemory({ limitBytes: limit }), { limitBytes: limit });
  const raw = new RawAllocator(os, { debugHooks: options.debugHooks === true });
  const obj = new Pymalloc(os, raw, { neverReleaseArenas: options.neverReleaseArenas === true });
  return { os, raw, obj };
}
