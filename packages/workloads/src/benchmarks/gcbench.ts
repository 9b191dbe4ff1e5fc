import type { Runtime } from "@heaplab/runtime";
import { readValue } from "../read-value";
import { numParam, type Workload } from "../workload";
import { bottomUpTree, countNodes, populate, treeNodeClass } from "./tree";

/** `TreeSize(d) = 2^(d+1) - 1`. */
const treeSize = (d: number): number => 2 ** (d + 1) - 1;

/** `time_construction(depth)`: NumIters trees built top-down, then NumIters bottom-up. */
function timeConstruction(
  rt: Runtime,
  node: ReturnType<typeof treeNodeClass>,
  stretch: number,
  depth: number,
) {
  const iters = Math.floor((2 * treeSize(stretch)) / treeSize(depth));
  for (let i = 0; i < iters; i++) {
    rt.scope(() => populate(rt, node, depth, rt.newObject(node)));
  }
  for (let i = 0; i < iters; i++) rt.release(bottomUpTree(rt, node, depth));
  return iters;
}

/**
 * GCBench (Ellis and Kovac, modified by Hans Boehm), with its canonical sizes as defaults.
 *
 * @example
 * gcBench.run(rt, { ...gcBench.params, stretchDepth: 12, longLivedDepth: 10, arraySize: 10000, maxDepth: 10 }, ctx);
 */
export const gcBench: Workload = {
  name: "gcbench",
  title: "GCBench (Ellis, Kovac, Boehm)",
  description:
    "Builds and drops a stretch tree, keeps a long-lived tree built top-down and a large array of floats, then builds " +
    "trees of depth 4, 6, … both top-down (old parents receiving young children: barrier work) and bottom-up. " +
    "Intended for a 32 MB heap; reports time only.",
  params: { stretchDepth: 18, longLivedDepth: 16, arraySize: 500000, minDepth: 4, maxDepth: 16 },
  tags: ["benchmark"],
  run(rt, params, ctx) {
    const Node = treeNodeClass(rt, "GCBenchNode", ["i", "j"]);
    const stretch = numParam(params, "stretchDepth");
    const longLivedDepth = numParam(params, "longLivedDepth");
    const arraySize = numParam(params, "arraySize");
    const minDepth = numParam(params, "minDepth");
    const maxDepth = numParam(params, "maxDepth");
    ctx.site("GCBench.java:110 stretch");
    rt.release(bottomUpTree(rt, Node, stretch));
    ctx.site("GCBench.java:116 long-lived");
    const longLived = rt.persistent(rt.scope(() => rt.newObject(Node)));
    populate(rt, Node, longLivedDepth, longLived);
    ctx.site("GCBench.java:121 array");
    const array = rt.persistent(rt.scope(() => rt.newList()));
    rt.scope(() => {
      const zero = rt.newFloat(0);
      for (let i = 0; i < arraySize; i++) rt.append(array, zero);
    });
    for (let i = 1; i < arraySize / 2; i++) rt.scope(() => rt.setItem(array, i, rt.newFloat(1 / i)));
    const steps = Math.floor((maxDepth - minDepth) / 2) + 1;
    for (let d = minDepth, k = 0; d <= maxDepth; d += 2, k++) {
      ctx.site(`GCBench.java:95 depth ${d}`);
      const iters = timeConstruction(rt, Node, stretch, d);
      ctx.print(`Creating ${iters} trees of depth ${d}`);
      ctx.progress(k + 1, steps);
    }
    const ok =
      countNodes(rt, Node, longLived) === treeSize(longLivedDepth) &&
      (arraySize / 2 <= 1000 || readValue(rt, () => rt.floatValue(rt.getItem(array, 1000))) === 1 / 1000);
    if (!ok) throw new Error("GCBench: the long-lived data did not survive intact");
    ctx.print(
      `long-lived tree of depth ${longLivedDepth}: ${treeSize(longLivedDepth)} nodes, array of ${arraySize}`,
    );
    rt.release(array);
    rt.release(longLived);
  },
};
