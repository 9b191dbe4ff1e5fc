/**
 * The two benchmark programs on heaplab's mutator API, line for line the Python in `python-peer.ts`.
 */
import type { Handle, Runtime, TypeInfo } from "@heaplab/runtime";

/** `class Node: __slots__ = ("l", "r")`. */
export function nodeClass(rt: Runtime): TypeInfo {
  return rt.types.byName("Node") ?? rt.types.register({ name: "Node", kind: "slots", slots: ["l", "r"] });
}

const NO_VALUES: Handle[] = [];
const pair: Handle[] = [0, 0];

/**
 * `make(d)`: `Node(None, None)` at depth 0, else `Node(make(d-1), make(d-1))`. The two children are the
 * frame's temporaries: a handle scope drops them once the parent holds them (as CPython's stack does),
 * and the new node escapes to the caller's scope. Scopes are opened directly rather than through a
 * closure per node, which would be JavaScript overhead CPython does not have.
 */
function make(rt: Runtime, node: TypeInfo, d: number): Handle {
  if (d === 0) return rt.newObject(node, NO_VALUES);
  const mark = rt.openScope();
  const l = make(rt, node, d - 1);
  const r = make(rt, node, d - 1);
  pair[0] = l;
  pair[1] = r;
  const n = rt.escape(rt.newObject(node, pair));
  rt.closeScope(mark);
  return n;
}

/** `check(n)`: counts nodes by walking the bytes (allocates nothing, so the address stays valid). */
function check(rt: Runtime, n: Handle): number {
  const u32 = rt.memory.u32;
  const walk = (a: number): number =>
    a === 0 ? 0 : 1 + walk(u32[(a + 8) >>> 2]!) + walk(u32[(a + 16) >>> 2]!);
  return walk(rt.addressOf(n));
}

/**
 * binary-trees (Benchmarks Game rules): a stretch tree of depth max+1, a long-lived tree of depth max,
 * then 2^(max-d+4) trees of each depth d = 4, 6, …, max, each built, checked and dropped.
 * @returns the sum of every check (the Python peer returns the same number).
 */
export function binaryTrees(rt: Runtime, max: number): number {
  const node = nodeClass(rt);
  let total = 0;
  rt.scope(() => {
    total += check(rt, make(rt, node, max + 1));
  });
  const long = rt.scope(() => rt.persistent(make(rt, node, max)));
  for (let d = 4; d <= max; d += 2) {
    const n = 2 ** (max - d + 4);
    for (let i = 0; i < n; i++)
      rt.scope(() => {
        total += check(rt, make(rt, node, d));
      });
  }
  total += check(rt, long);
  rt.release(long);
  return total;
}

/**
 * binary-trees as compiled code (an interpreter's value stack) runs it: the frame's temporaries are
 * shadow-stack entries (`rt.stack`), each a counted reference as on CPython's stack, and a frame's return
 * pops them with one `popTo` (`returnTo`): the Py_DECREFs CPython's frame does, without a handle each.
 * @returns the sum of every check, as `binaryTrees`.
 */
export function binaryTreesStack(rt: Runtime, max: number): number {
  const node = nodeClass(rt);
  const s = rt.stack;
  const make = (d: number): number => {
    if (d === 0) return s.newObject(node);
    const mark = s.sp;
    make(d - 1);
    make(d - 1);
    return s.returnTo(mark, s.newObject(node, mark, 2));
  };
  const walk = (m: Uint32Array, a: number): number =>
    a === 0 ? 0 : 1 + walk(m, m[(a + 8) >>> 2]!) + walk(m, m[(a + 16) >>> 2]!);
  // The view is read after the tree is built: building it may grow the memory and replace the view.
  const count = (entry: number): number => walk(rt.memory.u32, s.get(entry));
  const tree = (d: number): number => {
    const mark = s.sp;
    const n = count(make(d));
    s.popTo(mark);
    return n;
  };
  let total = tree(max + 1);
  const long = make(max);
  for (let d = 4; d <= max; d += 2) {
    const n = 2 ** (max - d + 4);
    for (let i = 0; i < n; i++) total += tree(d);
  }
  total += count(long);
  s.popTo(long);
  return total;
}

/**
 * `pairs` two-list cycles (`a = []; b = [a]; a.append(b)`) with the collector disabled, kept alive in one
 * list (`live`) or dropped (`dead`), then one timed full collection.
 * @returns the collection's milliseconds (wall clock, and CPU time of the whole process, V8's helper
 * threads included) and what it found.
 */
export function fullCollection(
  rt: Runtime,
  gc: { disable(): void; enable(): void; collect(g?: number): number },
  pairs: number,
  keep: boolean,
): { ms: number; cpu: number; found: number } {
  gc.disable();
  const holder = rt.scope(() => rt.persistent(rt.newList()));
  for (let i = 0; i < pairs; i++)
    rt.scope(() => {
      const a = rt.newList();
      const b = rt.newList([a]);
      rt.append(a, b);
      if (keep) rt.append(holder, a);
    });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const found = gc.collect(2);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  rt.release(holder);
  gc.collect(2);
  gc.enable();
  return { ms, cpu: (c.user + c.system) / 1000, found };
}
