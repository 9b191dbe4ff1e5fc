import { Runtime } from "@heaplab/runtime";
import { createWorkloadContext, getWorkload, type Params } from "@heaplab/workloads";
import { describe, expect, it } from "vitest";
import { catalog } from "../src/catalog";
import { cellOfType, HeapReplay } from "../src/record/heap-replay";
import { Recorder } from "../src/record/recorder";
import {
  collectionsSoFar,
  EventKind,
  nextCollectionEnd,
  previousCollectionEnd,
  type Recording,
} from "../src/record/recording";
import { recorded } from "./recorded-run";

/** The blocks of the objects the strategy holds now, read from the heap (not from the events). */
function heapBlocks(rt: Runtime): { start: number; bytes: number; typeId: number }[] {
  const out: { start: number; bytes: number; typeId: number }[] = [];
  rt.strategy.forEachObject((o) => {
    const t = rt.model.typeOf(o);
    const prefix = rt.strategy.prefixBytes(t);
    out.push({ start: o - prefix, bytes: prefix + rt.model.bodyBytesOf(t, o), typeId: t.id });
  });
  return out;
}

const cases: [string, string, Params][] = [
  ["cpython-3.11", "list-cycle", { count: 3000 }],
  ["refcount", "del-resources", { iterations: 800 }],
  ["mark-compact", "temporaries", { iterations: 4000 }],
  ["jvm-serial", "del-resources", { iterations: 3000 }],
  ["semispace", "lru-cache", { operations: 3000 }],
];

describe("the recorder and the heap replay agree with the heap itself", () => {
  for (const [strategy, workload, params] of cases)
    it(`${workload} under ${strategy}`, () => {
      const { rt, recording: r } = recorded(strategy, workload, params);
      const last = r.length - 1;
      expect(r.length).toBeGreaterThan(1000);
      expect(r.truncated).toBe(false);

      // Collections: one gc-end row per collection the strategy counted.
      const counted = rt.stats().collections.reduce((a, b) => a + b, 0);
      expect(collectionsSoFar(r, last)).toBe(counted);
      if (counted > 0) {
        const first = nextCollectionEnd(r, -1);
        expect(r.kind[first]).toBe(EventKind.gcEnd);
        expect(previousCollectionEnd(r, first)).toBe(-1);
      }

      // Every row's generation sizes add up to its live bytes (objects are in exactly one generation).
      for (let i = 0; i < r.length; i += 97) {
        let sum = 0;
        for (let g = 0; g < r.generations; g++) sum += r.gen[i * r.generations + g]!;
        expect(sum).toBe(r.live[i]);
      }

      // Live bytes at the end: what a heap walk finds (the runtime's own objects, recorded at the start,
      // included). A tracing strategy may
      // still hold garbage it has not collected; it is live to the strategy and to the events alike.
      const blocks = heapBlocks(rt);
      expect(r.live[last]).toBe(blocks.reduce((a, b) => a + b.bytes, 0));

      // The replayed map at the last event: a cell wholly inside a live object carries its type.
      const replay = new HeapReplay(r);
      const cells = replay.seek(last);
      let checked = 0;
      for (const b of blocks) {
        const cell = Math.ceil(b.start / replay.cellBytes) * replay.cellBytes;
        if (cell + replay.cellBytes > b.start + b.bytes) continue;
        expect(replay.cellAt(cell), `object of type ${b.typeId} at ${b.start}`).toBe(cellOfType(b.typeId));
        checked++;
      }
      expect(checked).toBeGreaterThan(blocks.length / 2);
      // Seeking backwards then forwards rebuilds the same picture as replaying straight through.
      const mid = Math.floor(r.length / 2);
      const straight = new HeapReplay(r).seek(mid).slice();
      replay.seek(3);
      expect(Buffer.compare(replay.seek(mid), straight)).toBe(0);
      expect(cells.length).toBe(replay.tiles.length * replay.side * replay.side);
    });
});

describe("recording costs", () => {
  it("prints the run time with and without the recorder (not asserted)", () => {
    const run = (record: boolean): number => {
      const rt = new Runtime(catalog.get("cpython-3.11").create({ heapLimit: 64 << 20 }), {
        heapLimit: 64 << 20,
      });
      const rec = record ? new Recorder(rt) : null;
      const w = getWorkload("temporaries");
      const t = performance.now();
      w.run(rt, { ...w.params, iterations: 20000 }, createWorkloadContext(rt));
      const r: Recording | undefined = rec?.finish();
      const ms = performance.now() - t;
      if (r) console.log(`recorded ${r.length.toLocaleString("en-US")} events`);
      return ms;
    };
    run(false);
    const plain = run(false);
    const rec = run(true);
    console.log(
      `temporaries × 20,000 under cpython-3.11: ${plain.toFixed(0)} ms plain, ${rec.toFixed(0)} ms recorded (${(rec / plain).toFixed(2)}×)`,
    );
    expect(rec).toBeGreaterThan(0);
  });
});
