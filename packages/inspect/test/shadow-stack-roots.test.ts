import { describe, expect, it } from "vitest";
import { backrefChainOfNode, formatChain, HeapGraph } from "../src";
import { cpythonRuntime } from "./heaps";

/**
 * Objects held only by compiled code's shadow stack (`rt.stack`) are roots for the inspection tools
 * too, as they are for the collectors and verifiers: a heap graph reaches them and a back-reference
 * chain starts at the stack entry.
 */
describe("shadow-stack entries as roots", () => {
  it("reaches an object only the stack holds and names the entry in its chain", () => {
    const rt = cpythonRuntime();
    const Node = rt.types.register({ name: "SNode", kind: "slots", slots: ["left", "right"] });
    const s = rt.stack;
    const leaf = s.newObject(Node);
    // SNode(leaf): the parent takes the leaf from entry `leaf` on; returnTo leaves only the parent.
    const parent = s.returnTo(leaf, s.newObject(Node, leaf, 1));
    const parentAddr = s.get(parent);
    const leafAddr = s.loadSlot(parentAddr, 0);
    expect(leafAddr).not.toBe(0);
    const g = HeapGraph.build(rt);
    const p = g.nodeOf(parentAddr);
    const l = g.nodeOf(leafAddr);
    expect(p).toBeLessThan(g.reachableCount);
    expect(l).toBeLessThan(g.reachableCount);
    expect(g.isRoot(p)).toBe(true);
    expect(g.isRoot(l)).toBe(false);
    expect(formatChain(backrefChainOfNode(rt, g, l))).toBe(
      `shadow-stack entry ${parent} -> SNode .left -> SNode`,
    );
  });
});
