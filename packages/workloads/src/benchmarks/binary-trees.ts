import { numParam, type Workload } from "../workload";
import { bottomUpTree, countNodes, treeNodeClass } from "./tree";

/**
 * The Benchmarks Game's binary-trees: stretch tree, long-lived tree, then 2^(max-d+4) trees of each
 * depth d = 4, 6, …, max, printing the node counts in the benchmark's exact format.
 *
 * @example
 * const ctx = createWorkloadContext(rt);
 * binaryTrees.run(rt, { depth: 10 }, ctx);
 * ctx.output[0]; // "stretch tree of depth 11\t check: 4095"
 */
export const binaryTrees: Workload = {
  name: "binary-trees",
  title: "binary-trees (Benchmarks Game)",
  description:
    "Hans Boehm's GCBench simplified by the Benchmarks Game: build perfect binary trees bottom-up, count them and " +
    "drop them, while one long-lived tree survives. Almost every node dies young, and the nodes are all the same " +
    "size: it measures raw allocation and collection speed.",
  params: { depth: 10 },
  tags: ["benchmark"],
  run(rt, params, ctx) {
    const Node = treeNodeClass(rt, "TreeNode");
    const minDepth = 4;
    const maxDepth = Math.max(minDepth + 2, numParam(params, "depth"));
    const stretchDepth = maxDepth + 1;
    ctx.site("binarytrees.py:10 bottom_up_tree");
    const stretch = bottomUpTree(rt, Node, stretchDepth);
    ctx.print(`stretch tree of depth ${stretchDepth}\t check: ${countNodes(rt, Node, stretch)}`);
    rt.release(stretch);
    const longLived = bottomUpTree(rt, Node, maxDepth);
    const depths = (maxDepth - minDepth) / 2 + 1;
    for (let d = minDepth, k = 0; d <= maxDepth; d += 2, k++) {
      const iterations = 2 ** (maxDepth - d + minDepth);
      let check = 0;
      for (let i = 0; i < iterations; i++) {
        const t = bottomUpTree(rt, Node, d);
        check += countNodes(rt, Node, t);
        rt.release(t);
      }
      ctx.print(`${iterations}\t trees of depth ${d}\t check: ${check}`);
      ctx.progress(k + 1, depths);
    }
    ctx.print(`long lived tree of depth ${maxDepth}\t check: ${countNodes(rt, Node, longLived)}`);
    rt.release(longLived);
  },
};
