/**
 * The benchmark programs, written twice: on heaplab's runtime (every node a heap object reached through
 * handles) and on V8's own objects. binary-trees follows the Benchmarks Game rules; GCBench follows
 * Ellis & Kovac / Boehm (stretch tree, long-lived tree built top-down, a long-lived array of doubles,
 * then trees of depth 4, 6, … built top-down and bottom-up), with its parameters passed in.
 */
import type { Handle, Runtime } from "@heaplab/runtime";

/** GCBench's parameters (`kStretchTreeDepth`, `kLongLivedTreeDepth`, `kArraySize`, min and max depth). */
export interface GcBenchParams {
  stretch: number;
  longLived: number;
  arraySize: number;
  minDepth: number;
  maxDepth: number;
}

/** Nodes in a complete tree of depth `d`. */
export function treeSize(d: number): number {
  return 2 ** (d + 1) - 1;
}

/** binary-trees on heaplab; returns the sum of the checks. */
export function binaryTreesHeaplab(rt: Runtime, maxDepth: number): number {
  const Node = rt.types.register({ name: "Node", kind: "slots", slots: ["left", "right"] });
  // Explicit handle scopes (no closure per node): how an interpreter drives the runtime.
  const make = (d: number): Handle => {
    if (d === 0) return rt.newObject(Node);
    const mark = rt.openScope();
    const h = rt.escape(rt.newObject(Node, [make(d - 1), make(d - 1)]));
    rt.closeScope(mark);
    return h;
  };
  const check = (h: Handle): number => {
    if (rt.isNone(h)) return 0;
    const mark = rt.openScope();
    const n = 1 + check(rt.getSlot(h, 0)) + check(rt.getSlot(h, 1));
    rt.closeScope(mark);
    return n;
  };
  let total = rt.scope(() => check(make(maxDepth + 1)));
  const long = rt.scope(() => rt.persistent(make(maxDepth)));
  for (let d = 4; d <= maxDepth; d += 2) {
    const iters = 2 ** (maxDepth - d + 4);
    for (let i = 0; i < iters; i++) total += rt.scope(() => check(make(d)));
  }
  total += check(long);
  rt.release(long);
  return total;
}

/**
 * binary-trees on heaplab as compiled code runs it (`rt.stack`): a node under construction keeps its
 * children on the shadow stack, the check walks raw addresses (it allocates nothing).
 */
export function binaryTreesStack(rt: Runtime, maxDepth: number): number {
  const Node = rt.types.register({ name: "Node", kind: "slots", slots: ["left", "right"] });
  const s = rt.stack;
  // Returns the entry index of a new tree of depth d; the two subtrees' entries are popped.
  const make = (d: number): number => {
    if (d === 0) return s.newObject(Node);
    const mark = s.sp;
    make(d - 1);
    make(d - 1);
    // The frame returns the node; its children's entries are popped (the node now holds them).
    return s.returnTo(mark, s.newObject(Node, mark, 2));
  };
  const check = (a: number): number => (a === 0 ? 0 : 1 + check(s.loadSlot(a, 0)) + check(s.loadSlot(a, 1)));
  const tree = (d: number): number => {
    const mark = s.sp;
    const n = check(s.get(make(d)));
    s.popTo(mark);
    return n;
  };
  let total = tree(maxDepth + 1);
  const long = make(maxDepth);
  for (let d = 4; d <= maxDepth; d += 2) {
    const iters = 2 ** (maxDepth - d + 4);
    for (let i = 0; i < iters; i++) total += tree(d);
  }
  total += check(s.get(long));
  s.popTo(long);
  return total;
}

/** binary-trees on V8 objects. */
export function binaryTreesV8(maxDepth: number): number {
  type N = { l: N | null; r: N | null };
  const make = (d: number): N => (d === 0 ? { l: null, r: null } : { l: make(d - 1), r: make(d - 1) });
  const check = (n: N | null): number => (n === null ? 0 : 1 + check(n.l) + check(n.r));
  let total = check(make(maxDepth + 1));
  const long = make(maxDepth);
  for (let d = 4; d <= maxDepth; d += 2) {
    const iters = 2 ** (maxDepth - d + 4);
    for (let i = 0; i < iters; i++) total += check(make(d));
  }
  return total + check(long);
}

/** GCBench on heaplab; returns the long-lived tree's node count (-1 if its array lost a value). */
export function gcBenchHeaplab(rt: Runtime, p: GcBenchParams): number {
  // Slots in CPython's sorted member order: i, j, left, right (i and j stay 0, as Java's ints).
  const GNode = rt.types.register({ name: "GNode", kind: "slots", slots: ["i", "j", "left", "right"] });
  const populate = (depth: number, node: Handle): void => {
    if (depth <= 0) return;
    rt.scope(() => {
      const l = rt.newObject(GNode);
      rt.setSlot(node, 2, l);
      const r = rt.newObject(GNode);
      rt.setSlot(node, 3, r);
      populate(depth - 1, l);
      populate(depth - 1, r);
    });
  };
  const makeTree = (d: number): Handle =>
    d <= 0
      ? rt.newObject(GNode)
      : rt.scope(() => rt.newObject(GNode, [0, 0, makeTree(d - 1), makeTree(d - 1)]));
  const count = (h: Handle): number =>
    rt.isNone(h) ? 0 : rt.scope(() => 1 + count(rt.getSlot(h, 2)) + count(rt.getSlot(h, 3)));
  rt.scope(() => {
    makeTree(p.stretch);
  });
  const long = rt.scope(() => rt.persistent(rt.newObject(GNode)));
  populate(p.longLived, long);
  const array = rt.scope(() => rt.persistent(rt.newList(new Array<Handle>(p.arraySize).fill(0))));
  for (let i = 0; i < p.arraySize / 2; i++) rt.scope(() => rt.setItem(array, i, rt.newFloat(1 / i)));
  for (let d = p.minDepth; d <= p.maxDepth; d += 2) {
    const iters = Math.floor((2 * treeSize(p.stretch)) / treeSize(d));
    for (let i = 0; i < iters; i++)
      rt.scope(() => {
        populate(d, rt.newObject(GNode));
      });
    for (let i = 0; i < iters; i++)
      rt.scope(() => {
        makeTree(d);
      });
  }
  const ok = rt.scope(() => rt.floatValue(rt.getItem(array, 1000)) === 1 / 1000);
  const n = count(long);
  rt.release(long);
  rt.release(array);
  return ok ? n : -1;
}

/**
 * GCBench on heaplab as compiled code runs it (`rt.stack`): nodes under construction on the shadow
 * stack, the count walks raw addresses; the array of doubles stays a handle (a module global).
 */
export function gcBenchStack(rt: Runtime, p: GcBenchParams): number {
  const GNode = rt.types.register({ name: "GNode", kind: "slots", slots: ["i", "j", "left", "right"] });
  const s = rt.stack;
  const populate = (depth: number, node: number): void => {
    if (depth <= 0) return;
    const mark = s.sp;
    const l = s.newObject(GNode);
    s.setSlot(node, 2, l);
    const r = s.newObject(GNode);
    s.setSlot(node, 3, r);
    populate(depth - 1, l);
    populate(depth - 1, r);
    s.popTo(mark);
  };
  // Returns the entry of a new tree; slots i and j stay None, as Java's ints stay 0.
  const makeTree = (d: number): number => {
    if (d <= 0) return s.newObject(GNode);
    const mark = s.sp;
    s.pushNone();
    s.pushNone();
    makeTree(d - 1);
    makeTree(d - 1);
    return s.returnTo(mark, s.newObject(GNode, mark, 4));
  };
  const count = (a: number): number => (a === 0 ? 0 : 1 + count(s.loadSlot(a, 2)) + count(s.loadSlot(a, 3)));
  const base = s.sp;
  makeTree(p.stretch);
  s.popTo(base);
  const long = s.newObject(GNode);
  populate(p.longLived, long);
  const array = rt.scope(() => rt.persistent(rt.newList(new Array<Handle>(p.arraySize).fill(0))));
  for (let i = 0; i < p.arraySize / 2; i++) rt.scope(() => rt.setItem(array, i, rt.newFloat(1 / i)));
  for (let d = p.minDepth; d <= p.maxDepth; d += 2) {
    const iters = Math.floor((2 * treeSize(p.stretch)) / treeSize(d));
    for (let i = 0; i < iters; i++) {
      populate(d, s.newObject(GNode));
      s.popTo(long + 1);
    }
    for (let i = 0; i < iters; i++) {
      makeTree(d);
      s.popTo(long + 1);
    }
  }
  const ok = rt.scope(() => rt.floatValue(rt.getItem(array, 1000)) === 1 / 1000);
  const n = count(s.get(long));
  s.popTo(base);
  rt.release(array);
  return ok ? n : -1;
}

/** GCBench on V8 objects. */
export function gcBenchV8(p: GcBenchParams): number {
  class GNode {
    i = 0;
    j = 0;
    constructor(
      public left: GNode | null = null,
      public right: GNode | null = null,
    ) {}
  }
  const populate = (depth: number, node: GNode): void => {
    if (depth <= 0) return;
    node.left = new GNode();
    node.right = new GNode();
    populate(depth - 1, node.left);
    populate(depth - 1, node.right);
  };
  const makeTree = (d: number): GNode => (d <= 0 ? new GNode() : new GNode(makeTree(d - 1), makeTree(d - 1)));
  const count = (n: GNode | null): number => (n === null ? 0 : 1 + count(n.left) + count(n.right));
  let temp: GNode | null = makeTree(p.stretch);
  temp = null;
  const long = new GNode();
  populate(p.longLived, long);
  const array = new Array<number>(p.arraySize).fill(0);
  for (let i = 0; i < p.arraySize / 2; i++) array[i] = 1 / i;
  for (let d = p.minDepth; d <= p.maxDepth; d += 2) {
    const iters = Math.floor((2 * treeSize(p.stretch)) / treeSize(d));
    for (let i = 0; i < iters; i++) populate(d, new GNode());
    for (let i = 0; i < iters; i++) makeTree(d);
  }
  return temp === null && array[1000] === 1 / 1000 ? count(long) : -1;
}
