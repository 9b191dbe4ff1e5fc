import { describe, expect, it } from "vitest";
import {
  byType,
  findBackrefChain,
  formatAccessPath,
  formatChain,
  formatGrowth,
  formatMostCommonTypes,
  growth,
  mostCommonTypes,
  refGraph,
  toDot,
  toSvg,
} from "../src";
import { MODULE_GLOBALS } from "../src/objgraph/backref-chain";
import { cacheHeap, cpythonRuntime } from "./heaps";

describe("objgraph", () => {
  it("counts the most common live types", () => {
    const rt = cpythonRuntime();
    cacheHeap(rt);
    expect(mostCommonTypes(rt)).toEqual([
      ["int", 2],
      ["str", 2],
      ["dict", 1],
      ["list", 1],
    ]);
    expect(mostCommonTypes(rt, 1)).toEqual([["int", 2]]);
    expect(formatMostCommonTypes(mostCommonTypes(rt, 2))).toBe("int 2\nstr 2");
  });

  it("growth reports only types above their previous peak", () => {
    const rt = cpythonRuntime();
    const { list } = cacheHeap(rt);
    expect(growth(rt)).toEqual([
      ["int", 2, 2],
      ["str", 2, 2],
      ["dict", 1, 1],
      ["list", 1, 1],
    ]);
    expect(growth(rt)).toEqual([]);
    rt.scope(() => {
      for (let i = 0; i < 3; i++) rt.append(list, rt.newInt(10_000 + i));
    });
    expect(growth(rt)).toEqual([["int", 5, 3]]);
    // objgraph's "%-*s%9d %+9d"
    expect(formatGrowth([["int", 5, 3]])).toBe("int        5        +3");
    // Dropping objects lowers the count but not the peak: no growth until it passes 5 again.
    rt.scope(() => {
      rt.pop(list);
    });
    expect(growth(rt)).toEqual([]);
  });

  it("by_type returns handles to every live object of the type", () => {
    const rt = cpythonRuntime();
    cacheHeap(rt);
    rt.scope(() => {
      const ints = byType(rt, "int").map((h) => rt.intValue(h));
      expect(ints.sort()).toEqual([1000, 2000]);
      expect(byType(rt, "float")).toEqual([]);
    });
  });

  it("find_backref_chain walks from a root to the object by the shortest path", () => {
    const rt = cpythonRuntime();
    const mark = rt.openScope();
    const globals = rt.persistent(rt.newDict());
    const cache = rt.newDict();
    rt.dictSet(globals, rt.newStr("cache"), cache);
    const entries = rt.newList();
    rt.dictSet(cache, rt.newStr("entries"), entries);
    for (let i = 0; i < 5; i++) rt.append(entries, rt.newBytes(100));
    const leaked = rt.persistent(rt.getItem(entries, 3));
    rt.closeScope(mark);
    // Another root reaches it: the chain goes through the globals, not through `leaked` itself.
    const chain = findBackrefChain(rt, leaked);
    expect(chain.map((s) => `${s.via}|${s.typeName}`).slice(1)).toEqual([
      "['cache']|dict",
      "['entries']|list",
      "[3]|bytes",
    ]);
    expect(chain[0]!.typeName).toBe("dict");
    expect(formatChain(chain)).toMatch(
      /^handle #\d+ -> dict \['cache'\] -> dict \['entries'\] -> list \[3\] -> bytes$/,
    );
    // As Python: from a root named as a module's globals, its first key is the global's name.
    expect(formatAccessPath(chain)).toMatch(/^handle #\d+\['cache'\]\['entries'\]\[3\]$/);
    const named = findBackrefChain(
      rt,
      leaked,
      undefined,
      new Map([[rt.handles.index(globals), MODULE_GLOBALS]]),
    );
    expect(formatAccessPath(named)).toBe("cache['entries'][3]");
    // An object only its own handle holds: the chain is that handle.
    const lone = rt.persistent(rt.scope(() => rt.newFloat(2.5)));
    expect(findBackrefChain(rt, lone).map((s) => s.typeName)).toEqual(["float"]);
  });

  it("draws show_refs as DOT and as SVG without Graphviz", () => {
    const rt = cpythonRuntime();
    const { d } = cacheHeap(rt);
    const g = refGraph(rt, [d], "refs", { maxDepth: 2 });
    // dict -> key 'cache', dict -> list (depth 1); list -> 1000, 2000, 'hello' (depth 2).
    expect(g.nodes.map((n) => n.depth).sort()).toEqual([0, 1, 1, 2, 2, 2]);
    expect(g.edges.length).toBe(5);
    const dot = toDot(g);
    expect(dot.startsWith("digraph ObjectGraph {")).toBe(true);
    expect(dot).toContain("label=\"['cache']\"");
    expect(dot).toContain('label="list\\n3 items"');
    expect(dot.match(/->/g)?.length).toBe(5);
    const svg = toSvg(g);
    expect(svg.match(/<rect /g)?.length).toBe(6);
    expect(svg.match(/<line /g)?.length).toBe(5);
    // Boxes of one row do not overlap.
    const rects = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
      w: Number(m[3]),
    }));
    for (const a of rects)
      for (const b of rects)
        if (a !== b && a.y === b.y) expect(a.x + a.w <= b.x || b.x + b.w <= a.x).toBe(true);
  });

  it("show_backrefs stops at roots", () => {
    const rt = cpythonRuntime();
    const { d, list } = cacheHeap(rt);
    rt.scope(() => {
      const hello = rt.getItem(list, 2);
      rt.release(list);
      const g = refGraph(rt, [hello], "backrefs", { maxDepth: 5 });
      // 'hello' <- list <- dict (a root): three objects, two references.
      expect(g.nodes.map((n) => n.typeName)).toEqual(["str", "list", "dict"]);
      expect(g.edges.map((e) => e.label)).toEqual(["[2]", "['cache']"]);
      expect(g.nodes[2]!.root).toBe(true);
      expect(rt.isNone(d)).toBe(false);
    });
  });
});

describe("reference labels", () => {
  it("name dict values by key, attributes and slots by name, items by index", () => {
    const rt = cpythonRuntime();
    const Point = rt.types.register({ name: "Point", kind: "slots", slots: ["x", "y"] });
    const Plain = rt.types.register({ name: "Plain", kind: "instance" });
    rt.scope(() => {
      const d = rt.newDict([
        [rt.newInt(3), rt.newFloat(1)],
        [rt.newStr("k"), rt.newFloat(2)],
      ]);
      const p = rt.newObject(Point, [rt.newFloat(3), rt.newFloat(4)]);
      const o = rt.newObject(Plain);
      rt.setAttr(o, "name", rt.newFloat(5));
      const t = rt.newTuple([d, p, o]);
      const root = rt.persistent(rt.newList([t]));
      const g = refGraph(rt, [root], "refs", { maxDepth: 3 });
      const labels = g.edges.map((e) => e.label).sort();
      expect(labels).toEqual(
        [".name", ".x", ".y", "(key)", "(key)", "[0]", "[0]", "[1]", "[2]", "[3]", "['k']"].sort(),
      );
    });
  });
});
