import { closeSync, openSync, writeSync } from "node:fs";
import type { Runtime } from "@heaplab/runtime";
import type { HeapGraphOptions } from "../core/heap-graph";
import { heapSnapshotChunks } from "./heapsnapshot";

/**
 * Writes the heap to `path` as a `.heapsnapshot` that Chrome DevTools' Memory panel loads ("Load
 * profile…"), chunk by chunk.
 * @example
 * writeHeapSnapshot(rt, "leak.heapsnapshot");
 */
export function writeHeapSnapshot(rt: Runtime, path: string, options: HeapGraphOptions = {}): void {
  const fd = openSync(path, "w");
  try {
    for (const chunk of heapSnapshotChunks(rt, options)) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}
