import { type CollectReason, MemoryError } from "@heaplab/runtime";
import type { LargeObjectSpace } from "../spaces/large-object-space";
import type { GrowthTrigger } from "./trigger";

/**
 * Allocates `size` bytes in a large-object space for a plan that keeps one: collects first when the
 * large-object trigger is due, and once more under memory pressure if the space cannot map the block;
 * a second refusal is the MemoryError the program sees.
 *
 * @example
 * const block = allocLargeObject(this.los, this.losTrigger, size, (r) => this.collect(0, r), () => this.heap.memory.u32);
 */
export function allocLargeObject(
  los: LargeObjectSpace,
  trigger: GrowthTrigger,
  size: number,
  collect: (reason: CollectReason) => void,
  words: () => Uint32Array,
): number {
  if (trigger.due(los.usedBytes() + size)) collect("allocation");
  try {
    return los.alloc(size, 0, words);
  } catch (e) {
    if (!(e instanceof MemoryError)) throw e;
    collect("memory-pressure");
    return los.alloc(size, 0, words);
  }
}
