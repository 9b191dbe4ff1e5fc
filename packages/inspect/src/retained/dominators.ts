import type { Handle, Runtime } from "@heaplab/runtime";
import { HeapGraph } from "../core/heap-graph";

/**
 * The dominator tree of the reachable heap, and every object's retained size.
 *
 * Object `d` dominates `n` when every path from the roots to `n` passes through `d`; `n`'s immediate
 * dominator is the closest such `d`. Freeing `d` would free everything it dominates, so an object's
 * retained size is the sum of the sizes of the objects it dominates (itself included): "what keeps this
 * alive, and how much does it hold" has one answer.
 * @example
 * const tree = dominatorTree(rt);
 * tree.retained[tree.graph.nodeOf(rt.addressOf(cache))]; // bytes freed if cache died
 */
export interface DominatorTree {
  readonly graph: HeapGraph;
  /** Node → immediate dominator node; `graph.reachableCount` stands for the synthetic root (the handles). */
  readonly idom: Int32Array;
  /** Node → retained size in bytes (`sys.getsizeof` of the objects it dominates, itself included). */
  readonly retained: Float64Array;
}

/**
 * Computes dominators with the iterative algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast
 * Dominance Algorithm", 2001) over a synthetic root whose successors are the objects handles hold.
 * @example
 * const t = dominatorTree(rt);
 * t.retained[t.graph.nodeOf(rt.addressOf(h))]; // bytes freed if h's object went away
 */
export function dominatorTree(rt: Runtime, g: HeapGraph = HeapGraph.build(rt)): DominatorTree {
  const root = g.reachableCount;
  const { order, postNum } = postorder(g, root);
  const idom = computeIdoms(g, root, order, postNum);
  const retained = accumulateRetained(g, root, order, idom);
  return { graph: g, idom, retained };
}

/** Successors of node `n` (the synthetic root's are the root objects). */
function forEachSucc(g: HeapGraph, root: number, n: number, fn: (s: number) => void): void {
  if (n === root) {
    for (const r of g.rootNodes) fn(r);
    return;
  }
  for (let e = g.edgeStart[n]!; e < g.edgeStart[n + 1]!; e++) {
    const t = g.edgeTargets[e]!;
    if (t < root) fn(t);
  }
}

/**
 * Depth-first postorder from the synthetic root, iteratively (heaps are deep: a long linked list would
 * overflow the JS stack). After: `order[i]` is the node with postorder number `i`; the root is last.
 */
function postorder(g: HeapGraph, root: number): { order: Int32Array; postNum: Int32Array } {
  const postNum = new Int32Array(root + 1).fill(-1);
  const visited = new Uint8Array(root + 1);
  const order = new Int32Array(root + 1);
  let k = 0;
  const stack: number[] = [root];
  const succs: number[][] = [];
  const pos: number[] = [];
  visited[root] = 1;
  const push = (n: number) => {
    const s: number[] = [];
    forEachSucc(g, root, n, (x) => s.push(x));
    succs.push(s);
    pos.push(0);
  };
  push(root);
  while (stack.length > 0) {
    const top = stack.length - 1;
    const s = succs[top]!;
    if (pos[top]! < s.length) {
      const next = s[pos[top]!++]!;
      if (visited[next] === 0) {
        visited[next] = 1;
        stack.push(next);
        push(next);
      }
      continue;
    }
    const n = stack.pop()!;
    succs.pop();
    pos.pop();
    postNum[n] = k;
    order[k++] = n;
  }
  return { order, postNum };
}

/**
 * The fixpoint: in reverse postorder, each node's dominator is the common ancestor (`intersect`) in the
 * current tree of all its already-processed predecessors; repeat until nothing changes. Invariant after
 * each pass: `idom[n]` is a dominator of `n` (the result only moves down the tree to the exact one).
 */
function computeIdoms(g: HeapGraph, root: number, order: Int32Array, postNum: Int32Array): Int32Array {
  const { predStart, preds } = g.reverse();
  const isRoot = new Uint8Array(root);
  for (const r of g.rootNodes) isRoot[r] = 1;
  const idom = new Int32Array(root + 1).fill(-1);
  idom[root] = root;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (postNum[a]! < postNum[b]!) a = idom[a]!;
      while (postNum[b]! < postNum[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = root - 1; i >= 0; i--) {
      const n = order[i]!;
      let nd = isRoot[n] === 1 ? root : -1;
      for (let j = predStart[n]!; j < predStart[n + 1]!; j++) {
        const p = preds[j]!;
        if (p >= root || idom[p] === -1) continue;
        nd = nd === -1 ? p : intersect(p, nd);
      }
      if (nd !== -1 && idom[n] !== nd) {
        idom[n] = nd;
        changed = true;
      }
    }
  }
  return idom;
}

/** In postorder every node comes after all it dominates, so one pass adds each subtree into its dominator. */
function accumulateRetained(g: HeapGraph, root: number, order: Int32Array, idom: Int32Array): Float64Array {
  const retained = new Float64Array(root + 1);
  for (let i = 0; i < root; i++) {
    const n = order[i]!;
    retained[n]! += g.sizes[n]!;
    retained[idom[n]!]! += retained[n]!;
  }
  return retained.subarray(0, root);
}

/**
 * The retained size of `h`'s object: the bytes that would be freed if nothing but this object kept them
 * alive. 0 for None and unreachable objects.
 * @example
 * retainedSize(rt, cache); // the cache, its table, and every entry only the cache holds
 */
export function retainedSize(rt: Runtime, h: Handle): number {
  const t = dominatorTree(rt);
  const n = t.graph.nodeOf(rt.addressOf(h));
  return n < 0 || n >= t.graph.reachableCount ? 0 : t.retained[n]!;
}
