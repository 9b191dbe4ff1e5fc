import { type Handle, Runtime } from "@heaplab/runtime";
import { tracingStrategies } from "@heaplab/tracing";
import { describe, expect, it } from "vitest";
import { heapSnapshot, objectIds } from "../src/index";
import { cpythonRuntime } from "./heaps";

/** Three objects A, B, C held by handles, their addresses, and their serials. */
function three(rt: Runtime) {
  const ids = objectIds(rt);
  const hs: Handle[] = [
    rt.persistent(rt.scope(() => rt.newList())),
    rt.persistent(rt.scope(() => rt.newList())),
    rt.persistent(rt.scope(() => rt.newList())),
  ];
  const addrs = hs.map((h) => rt.addressOf(h));
  return { ids, addrs, serials: addrs.map((a) => ids.serial(a)) };
}

describe("ObjectIds through the event stream's hooks", () => {
  it("numbers objects in allocation order", () => {
    const rt = cpythonRuntime();
    const { serials } = three(rt);
    expect(serials[1]! - serials[0]!).toBe(serials[2]! - serials[1]!);
    expect(serials[0]).toBeLessThan(serials[1]!);
  });

  it("follows a sliding compaction: A dies, B slides into A's place, C into B's", () => {
    const rt = cpythonRuntime();
    const { ids, addrs, serials } = three(rt);
    const [a, b, c] = addrs as [number, number, number];
    rt.events.free(a, 6, 56);
    rt.events.move(b, a);
    rt.events.move(c, b);
    expect(ids.peek(a)).toBe(serials[1]);
    expect(ids.peek(b)).toBe(serials[2]);
    expect(ids.peek(c)).toBe(0);
  });

  it("applies one collection's moves together: a copy into a freed place and a chained move", () => {
    const rt = cpythonRuntime();
    const { ids, addrs, serials } = three(rt);
    const [a, b, c] = addrs as [number, number, number];
    // A is copied away, then B into the place A left; C moves twice in the collection (nursery ->
    // survivor -> old) to addresses nobody used. One-by-one updates would be right here too; the batch
    // must not be wrong either.
    rt.events.move(a, a + (1 << 20));
    rt.events.move(b, a);
    rt.events.move(c, c + 4096);
    rt.events.move(c + 4096, c + 8192);
    rt.events.emit({
      type: "gc-end",
      seq: 1,
      generation: 0,
      reason: "explicit",
      pauseMs: 0,
      collected: 0,
      uncollectable: 0,
      freedBytes: 0,
      movedBytes: 0,
      promotedBytes: 0,
      heapBytesBefore: 0,
      heapBytesAfter: 0,
      atAllocation: 0,
    });
    expect([
      ids.peek(a + (1 << 20)),
      ids.peek(a),
      ids.peek(b),
      ids.peek(c),
      ids.peek(c + 4096),
      ids.peek(c + 8192),
    ]).toEqual([serials[0], serials[1], 0, 0, 0, serials[2]]);
  });

  it.each(tracingStrategies.map((e) => [e.name, e] as const))(
    "gives the same .heapsnapshot ids before and after %s collections",
    (_n, entry) => {
      const rt = new Runtime(entry.create({ heapLimit: 64 << 20 }), { heapLimit: 64 << 20 });
      objectIds(rt);
      const keep = rt.persistent(rt.scope(() => rt.newList()));
      for (let i = 0; i < 200; i++) {
        rt.scope(() => {
          rt.newBytes(100); // garbage before every kept object, so compaction slides them
          if (i % 10 === 0) rt.append(keep, rt.newFloat(i));
        });
      }
      const idsOf = () => {
        const s = JSON.parse(heapSnapshot(rt)) as { nodes: number[]; strings: string[] };
        const out: string[] = [];
        for (let i = 0; i < s.nodes.length; i += 7)
          out.push(`${s.strings[s.nodes[i + 1]!]}#${s.nodes[i + 2]}`);
        return out.sort();
      };
      const before = idsOf();
      rt.collect();
      rt.collect();
      expect(idsOf()).toEqual(before);
    },
  );
});
