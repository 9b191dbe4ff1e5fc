import { createReadStream, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "heap-snapshot-toolkit";
import { parseSnapshotFromFile } from "v8-heapsnapshot";
import { describe, expect, it } from "vitest";
import { dominatorTree, heapSnapshot, objectIds, writeHeapSnapshot } from "../src/index";
import { cacheHeap, cpythonRuntime } from "./heaps";

/** The parts of DevTools' `JSHeapSnapshot` this test reads (its typings mark some of them private). */
interface DevToolsNode {
  name(): string;
  retainedSize(): number;
  retainers(): DevToolsEdges;
}
interface DevToolsEdges {
  hasNext(): boolean;
  next(): void;
  item(): { name(): string; node(): DevToolsNode };
}
interface DevToolsSnapshot {
  aggregatesWithFilter(filter: object): Record<string, { name: string; count: number; self: number }>;
  nodeForSnapshotObjectId(id: number): DevToolsNode | null;
}

/** The known heap plus a second root and a weak reference; returns the file and the objects' ids. */
function exportKnownHeap() {
  const rt = cpythonRuntime();
  const ids = objectIds(rt);
  const { d, list } = cacheHeap(rt);
  const path = join(mkdtempSync(join(tmpdir(), "heaplab-inspect-")), "known.heapsnapshot");
  writeHeapSnapshot(rt, path);
  const intId = rt.scope(() => 2 * ids.serial(rt.addressOf(rt.getItem(list, 1))) + 1);
  return { rt, path, d, list, intId, dictId: 2 * ids.serial(rt.addressOf(d)) + 1 };
}

describe(".heapsnapshot export", () => {
  it("writes V8's keys in V8's order with strings last, and unsigned integers only", () => {
    const { rt } = exportKnownHeap();
    const text = heapSnapshot(rt);
    const keys = [...text.matchAll(/^\{?"(\w+)":/gm)].map((m) => m[1]);
    expect(keys).toEqual([
      "snapshot",
      "nodes",
      "edges",
      "trace_function_infos",
      "trace_tree",
      "samples",
      "locations",
      "strings",
    ]);
    const json = JSON.parse(text);
    expect(json.nodes.every((x: number) => Number.isInteger(x) && x >= 0)).toBe(true);
    expect(json.nodes.length).toBe(7 * json.snapshot.node_count);
    expect(json.edges.length).toBe(3 * json.snapshot.edge_count);
    // Root first (synthetic, empty name); every object id odd, every synthetic id even.
    expect(json.snapshot.meta.node_types[0][json.nodes[0]]).toBe("synthetic");
    expect(json.strings[json.nodes[1]]).toBe("");
    const ids = json.nodes.filter((_: number, i: number) => i % 7 === 2);
    expect(ids.slice(0, 3).every((id: number) => id % 2 === 0)).toBe(true);
    expect(ids.slice(3).every((id: number) => id % 2 === 1)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("loads in DevTools' own loader (heap-snapshot-toolkit): classes, sizes, a retainer path", async () => {
    const { path, intId, dictId, rt } = exportKnownHeap();
    const parsed: unknown = await parse(createReadStream(path, "utf-8"));
    const snap = parsed as DevToolsSnapshot;
    const agg = snap.aggregatesWithFilter({});
    const byName = Object.fromEntries(Object.values(agg).map((a) => [a.name, [a.count, a.self]]));
    // CPython 3.11 sizes: dict 184, list 80, two ints of 28, two strs of 54 (DevTools' "(string)").
    expect(byName).toEqual({ dict: [1, 184], list: [1, 80], int: [2, 56], "(string)": [2, 108] });
    // The int 2000 is retained by the list at index 1, the list by the dict under 'cache'.
    const node = snap.nodeForSnapshotObjectId(intId)!;
    const up1 = node.retainers();
    expect(up1.item().node().name()).toBe("list");
    expect(up1.item().name()).toBe("1");
    const up2 = up1.item().node().retainers();
    const names: string[] = [];
    for (; up2.hasNext(); up2.next()) names.push(`${up2.item().node().name()}.${up2.item().name()}`);
    // Two retainers: the dict's 'cache' entry and the persistent handle on the list (slot index).
    expect(names.some((n) => n === "dict.cache")).toBe(true);
    // The dict retains itself and its 'cache' key only: the list has a handle of its own.
    expect(snap.nodeForSnapshotObjectId(dictId)!.retainedSize()).toBe(184 + 54);
    // DevTools' own dominator tree is an independent oracle for ours: every object's retained size agrees.
    const t = dominatorTree(rt);
    const ids = objectIds(rt);
    for (let n = 0; n < t.graph.count; n++) {
      const id = 2 * ids.serial(t.graph.addrs[n]!) + 1;
      expect(snap.nodeForSnapshotObjectId(id)!.retainedSize()).toBe(t.retained[n]);
    }
  });

  it("passes v8-heapsnapshot's strict counts and finds the same retainer", async () => {
    const { path, intId } = exportKnownHeap();
    const snap = await parseSnapshotFromFile(path);
    expect(snap.nodes.length).toBe(3 + 6);
    // root: (GC roots) + 2 shortcuts; (GC roots): (Handles); (Handles): 2 handles; dict: key + value;
    // list: 3 items.
    expect(snap.edges.length).toBe(3 + 1 + 2 + 2 + 3);
    const n = snap.findNodeById(intId)!;
    expect(n.name).toBe("int");
    expect(n.self_size).toBe(28);
    expect(n.in_edges.map((e) => `${e.from.name}[${e.name}]`)).toEqual(["list[1]"]);
    expect(n.in_edges[0]!.from.in_edges.map((e) => `${e.from.name}:${e.type}`).sort()).toEqual([
      "(Handles):element",
      ":shortcut",
      "dict:property",
    ]);
  });

  it("keeps ids stable across snapshots (DevTools' Comparison matches by id)", () => {
    const { rt } = exportKnownHeap();
    const a = JSON.parse(heapSnapshot(rt));
    rt.scope(() => rt.newList()); // a new object between the two snapshots
    const b = JSON.parse(heapSnapshot(rt));
    const idsOf = (s: { nodes: number[] }) => new Set(s.nodes.filter((_, i) => i % 7 === 2));
    const ia = idsOf(a);
    const ib = idsOf(b);
    for (const id of ia) expect(ib.has(id)).toBe(true);
    expect(ib.size).toBe(ia.size + 1);
  });
});
