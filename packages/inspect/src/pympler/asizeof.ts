import type { Handle, Runtime } from "@heaplab/runtime";
import { objectSize } from "../core/object-size";

/**
 * Pympler's `asizeof.asizeof(obj)`: the deep size of an object, the sum over it and every object it
 * reaches by strong references (each counted once) of `sys.getsizeof` rounded up to 8 bytes (Pympler's
 * default alignment). None counts 0: it is not on the heap.
 * @example
 * asizeof(rt, rt.newList([rt.newInt(1000), rt.newInt(2000)])); // 72 + 32 + 32 = 136 under cpython-3.11
 */
export function asizeof(rt: Runtime, h: Handle): number {
  const start = rt.addressOf(h);
  if (start === 0) return 0;
  const seen = new Set<number>([start]);
  const stack = [start];
  const u32 = rt.memory.u32;
  const visitor = {
    visit(slot: number) {
      const a = u32[slot >>> 2]!;
      if (!seen.has(a)) {
        seen.add(a);
        stack.push(a);
      }
    },
  };
  let total = 0;
  while (stack.length > 0) {
    const a = stack.pop()!;
    total += (objectSize(rt, a) + 7) & ~7;
    // "dealloc" order: Pympler counts a dict's keys too, which tp_traverse skips for str keys.
    rt.model.scan(a, visitor, "dealloc");
  }
  return total;
}
