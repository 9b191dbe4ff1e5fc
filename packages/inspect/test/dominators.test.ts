import { createNoneStrategy, type Handle, Runtime } from "@heaplab/runtime";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dominatorTree, HeapGraph, retainedSize } from "../src/index";
import { cacheHeap, cpythonRuntime } from "./heaps";

/**
 * The definition, computed the slow way: the bytes that stop being reachable when `x` is removed
 * (reachable set from the roots without x, compared with the full one).
 */
function retainedByRemoval(g: HeapGraph, x: number): number {
  const seen = new Uint8Array(g.count);
  const stack = [...g.rootNodes].filter((r) => r !== x);
  for (const r of stack) seen[r] = 1;
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (let e = g.edgeStart[n]!; e < g.edgeStart[n + 1]!; e++) {
      const t = g.edgeTargets[e]!;
      if (t !== x && seen[t] === 0) {
        seen[t] = 1;
        stack.push(t);
      }
    }
  }
  let lost = 0;
  for (let n = 0; n < g.reachableCount; n++) if (seen[n] === 0) lost += g.sizes[n]!;
  return lost;
}

describe("dominators and retained sizes", () => {
  it("on the known heap: the list holds its items, the dict its key", () => {
    const rt = cpythonRuntime();
    const { d, list } = cacheHeap(rt);
    expect(retainedSize(rt, list)).toBe(80 + 28 + 28 + 54);
    expect(retainedSize(rt, d)).toBe(184 + 54);
    rt.release(list);
    expect(retainedSize(rt, d)).toBe(184 + 54 + 80 + 28 + 28 + 54);
  });

  it("agree with the definition on random object graphs (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 14 }),
        fc.array(fc.tuple(fc.nat(13), fc.nat(13)), { maxLength: 40 }),
        fc.array(fc.nat(13), { minLength: 1, maxLength: 3 }),
        (n, links, roots) => {
          const rt = new Runtime(createNoneStrategy(), { heapLimit: 8 << 20 });
          const mark = rt.openScope();
          const objs: Handle[] = [];
          for (let i = 0; i < n; i++) objs.push(i % 2 === 0 ? rt.newList() : rt.newTuple([rt.newInt(i)]));
          for (const [a, b] of links) {
            const from = objs[a % n]!;
            if (rt.typeName(from) === "list") rt.append(from, objs[b % n]!);
          }
          for (const r of roots) rt.persistent(objs[r % n]!);
          rt.closeScope(mark);
          const g = HeapGraph.build(rt);
          const t = dominatorTree(rt, g);
          for (let x = 0; x < g.reachableCount; x++) expect(t.retained[x]).toBe(retainedByRemoval(g, x));
        },
      ),
      { numRuns: 150 },
    );
  });
});
