// binary-trees and GCBench for AssemblyScript's runtime, compiled by bench/peers.ts with
// `--runtime incremental -O3` (TLSF + ITCMS). The same programs as bench/programs.ts.

class Node {
  constructor(public left: Node | null, public right: Node | null) {}
}

function make(d: i32): Node {
  return d == 0 ? new Node(null, null) : new Node(make(d - 1), make(d - 1));
}

function check(n: Node | null): i32 {
  if (n === null) return 0;
  return 1 + check(n.left) + check(n.right);
}

export function binaryTrees(maxDepth: i32): i32 {
  const minDepth = 4;
  let total = check(make(maxDepth + 1));
  const long = make(maxDepth);
  for (let d = minDepth; d <= maxDepth; d += 2) {
    const iters = 1 << (maxDepth - d + minDepth);
    for (let i = 0; i < iters; i++) total += check(make(d));
  }
  return total + check(long);
}

class GNode {
  left: GNode | null = null;
  right: GNode | null = null;
  i: i32 = 0;
  j: i32 = 0;
  constructor(l: GNode | null = null, r: GNode | null = null) {
    this.left = l;
    this.right = r;
  }
}

function treeSize(i: i32): i32 {
  return (1 << (i + 1)) - 1;
}

function populate(depth: i32, node: GNode): void {
  if (depth <= 0) return;
  depth--;
  const l = new GNode();
  const r = new GNode();
  node.left = l;
  node.right = r;
  populate(depth, l);
  populate(depth, r);
}

function makeTree(d: i32): GNode {
  return d <= 0 ? new GNode() : new GNode(makeTree(d - 1), makeTree(d - 1));
}

function countTree(n: GNode | null): i32 {
  if (n === null) return 0;
  return 1 + countTree(n.left) + countTree(n.right);
}

export function gcBench(stretch: i32, longLived: i32, arraySize: i32, minDepth: i32, maxDepth: i32): i32 {
  let temp: GNode | null = makeTree(stretch);
  temp = null;
  const long = new GNode();
  populate(longLived, long);
  const array = new Array<f64>(arraySize);
  for (let i = 0; i < arraySize / 2; i++) array[i] = 1.0 / f64(i);
  for (let d = minDepth; d <= maxDepth; d += 2) {
    const iters = (2 * treeSize(stretch)) / treeSize(d);
    for (let i = 0; i < iters; i++) {
      const t = new GNode();
      populate(d, t);
    }
    for (let i = 0; i < iters; i++) makeTree(d);
  }
  if (array[1000] != 1.0 / 1000.0) return -1;
  return countTree(long);
}
