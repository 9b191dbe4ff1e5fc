import type { Handle, Runtime, TypeInfo } from "@heaplab/runtime";
import { slotOffset } from "@heaplab/runtime/internals";
import { defineClass } from "../classes";

/** The tree node of binary-trees and GCBench: `left`, `right` and any extra fields (slots sort by name). */
export function treeNodeClass(rt: Runtime, name: string, extra: readonly string[] = []): TypeInfo {
  return defineClass(rt, { name, kind: "slots", slots: ["left", "right", ...extra] });
}

/**
 * `bottomUpTree(depth)`: children first, then the parent holding them — a perfect tree of
 * 2^(depth+1) - 1 nodes; leaves are nodes with None children.
 */
export function bottomUpTree(rt: Runtime, node: TypeInfo, depth: number): Handle {
  return rt.scope(() => {
    if (depth <= 0) return rt.newObject(node);
    const left = bottomUpTree(rt, node, depth - 1);
    const right = bottomUpTree(rt, node, depth - 1);
    const parent = rt.newObject(node);
    rt.setSlot(parent, node.slots.indexOf("left"), left);
    rt.setSlot(parent, node.slots.indexOf("right"), right);
    return parent;
  });
}

/**
 * `Populate(depth, node)`: top-down, assigning new children into an already older parent (the
 * old-to-young stores that exercise a generational barrier).
 */
export function populate(rt: Runtime, node: TypeInfo, depth: number, parent: Handle): void {
  if (depth <= 0) return;
  rt.scope(() => {
    const left = rt.newObject(node);
    const right = rt.newObject(node);
    rt.setSlot(parent, node.slots.indexOf("left"), left);
    rt.setSlot(parent, node.slots.indexOf("right"), right);
    populate(rt, node, depth - 1, left);
    populate(rt, node, depth - 1, right);
  });
}

/**
 * `tree.check()`: counts the nodes by walking the bytes (no allocation, so raw addresses are safe).
 */
export function countNodes(rt: Runtime, node: TypeInfo, tree: Handle): number {
  const u32 = rt.memory.u32;
  const left = slotOffset(node.slots.indexOf("left"));
  const right = slotOffset(node.slots.indexOf("right"));
  const walk = (a: number): number => {
    if (a === 0) return 0;
    return 1 + walk(u32[(a + left) >>> 2]!) + walk(u32[(a + right) >>> 2]!);
  };
  return walk(rt.addressOf(tree));
}
