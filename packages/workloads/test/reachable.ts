import type { Handle, Runtime } from "@heaplab/runtime";

/**
 * Test oracle: counts objects by type name reachable from `roots` through strong references, walking
 * the bytes with the object model (independent of any strategy's own bookkeeping).
 */
export function reachableByType(rt: Runtime, roots: Iterable<Handle>): Map<string, number> {
  const seen = new Set<number>();
  const stack: number[] = [];
  for (const h of roots) {
    const a = rt.addressOf(h);
    if (a !== 0) stack.push(a);
  }
  const counts = new Map<string, number>();
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (seen.has(o)) continue;
    seen.add(o);
    const name = rt.model.typeOf(o).name;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    rt.model.scan(
      o,
      {
        visit: (slot) => {
          const r = rt.memory.u32[slot >>> 2]!;
          if (r !== 0 && !seen.has(r)) stack.push(r);
        },
      },
      "traverse",
    );
  }
  return counts;
}
