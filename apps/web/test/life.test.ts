import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runPython } from "@heaplab/python";
import { Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { catalog } from "../src/catalog";
import { SMALL_HEAP_SETTINGS } from "../src/engine/small-heap";
import { deathOf, movesOf } from "../src/lab/life-story";
import { objectLife } from "../src/lab/object-life";
import { captureCollections } from "../src/record/collection-snapshot";
import { LifeWatch, type WatchRequest } from "../src/record/life-watch";
import { Recorder } from "../src/record/recorder";
import { EventKind, type Recording } from "../src/record/recording";
import { captureTracingCollections } from "../src/record/tracing-snapshot";

const here = dirname(fileURLToPath(import.meta.url));
const example = (name: string) => readFileSync(join(here, "../src/examples", name), "utf8");

/** Runs `source` as the lab's worker does: recorded, collections captured, optionally following one object. */
function labRun(strategy: string, source: string, watch?: WatchRequest) {
  const rt = new Runtime(
    catalog
      .get(strategy)
      .create({ heapLimit: 64 << 20, settings: { ...(SMALL_HEAP_SETTINGS[strategy] ?? {}) } }),
    { heapLimit: 64 << 20 },
  );
  const recorder = new Recorder(rt);
  const cpython = captureCollections(rt, () => recorder.length);
  const tracing = captureTracingCollections(rt, () => recorder.length);
  const w = watch ? new LifeWatch(rt, () => recorder.length, watch) : null;
  const out: string[] = [];
  runPython(rt, source, {
    filename: "prog.py",
    stdout: (t) => out.push(t),
    onLine: (line) => {
      recorder.line = line;
      w?.line();
    },
    beforeShutdown: () => w?.end(),
  });
  const recording = recorder.finish();
  const collections = [...cpython.list, ...tracing.list].map((s) =>
    s.index < recording.gcStartEvent.length ? { ...s, atEvent: recording.gcStartEvent[s.index]! } : s,
  );
  return { recording, collections, output: out.join("").trim().split("\n"), watched: w?.result() ?? null };
}

/** The first allocation of a `type` on source line `line`. */
function allocOn(r: Recording, type: string, line: number): number {
  for (let i = 0; i < r.length; i++)
    if (r.kind[i] === EventKind.alloc && r.typeNames[r.type[i]!] === type && r.line[i] === line) return i;
  throw new Error(`no ${type} allocated on line ${line}`);
}

describe("one object's life", () => {
  it("refcount_basics.py: the replayed count of `a` steps as sys.getrefcount printed it (minus its argument)", () => {
    const src = example("refcount_basics.py");
    const first = labRun("cpython-3.11", src);
    const row = allocOn(first.recording, "list", 4); // a = [1, 2, 3]
    const end = first.recording.length - 1;
    const { watched, recording } = labRun("cpython-3.11", src, {
      allocatedAt: row,
      block: first.recording.addr[row]!,
      at: end,
    });
    // The replay made the same rows.
    expect(recording.length).toBe(first.recording.length);
    expect(watched!.matched).toBe(true);
    const printed = first.output.slice(0, 4).map(Number);
    // a = [..] → 1; b = a → 2; c = a → 3 (printed 4); del b → 2 (printed 3); c = None → 1 (printed 2).
    expect(watched!.counts.slice(0, 5)).toEqual([
      printed[0]! - 1,
      2,
      printed[1]! - 1,
      printed[2]! - 1,
      printed[3]! - 1,
    ]);
    // Rows only go forward, and the count is never negative.
    for (let k = 1; k < watched!.rows.length; k++)
      expect(watched!.rows[k]!).toBeGreaterThanOrEqual(watched!.rows[k - 1]!);
    for (const c of watched!.counts) expect(c).toBeGreaterThanOrEqual(0);
    // It is freed at shutdown, when the globals let go: the last sample is 0 at its free row.
    const life = objectLife(first.recording, row, first.recording.addr[row]!)!;
    expect(life.freedAt).toBeGreaterThan(row);
    expect(watched!.counts.at(-1)).toBe(0);
    expect(watched!.rows.at(-1)).toBe(life.freedAt);
    expect(deathOf(first.recording, life, first.collections, true)).toMatch(
      /reference count reached 0 at line \d+/,
    );
  });

  it("refcount_basics.py: who refers to `a` near the end is the module's globals dict under key 'a'", () => {
    const src = example("refcount_basics.py");
    const first = labRun("cpython-3.11", src);
    const row = allocOn(first.recording, "list", 4);
    // The last print (line 29), after `x = a`.
    const at = first.recording.line.indexOf(29);
    expect(at).toBeGreaterThan(0);
    const { watched } = labRun("cpython-3.11", src, {
      allocatedAt: row,
      block: first.recording.addr[row]!,
      at,
    });
    expect(watched!.chainAt).toBeGreaterThanOrEqual(0);
    expect(watched!.chain.at(-1)?.typeName).toBe("list");
    expect(watched!.referrers.map((r) => r.via)).toEqual(expect.arrayContaining(["['a']", "['x']"]));
  });

  it("cycle_with_del.py under cpython-3.11: the instances die in a collection, as part of a reference cycle", () => {
    const { recording: r, collections } = labRun("cpython-3.11", example("cycle_with_del.py"));
    let cyclic = 0;
    for (let i = 0; i < r.length; i++) {
      if (r.kind[i] !== EventKind.alloc || r.typeNames[r.type[i]!] !== "MyClass") continue;
      const life = objectLife(r, i, r.addr[i]!)!;
      expect(life.freedInCollection).toBeGreaterThanOrEqual(0);
      expect(life.finalizedAt).toBeGreaterThan(i);
      const why = deathOf(r, life, collections, true);
      expect(why).toMatch(/^Collected by collection #\d+ \(generation 2\)/);
      if (/part of a reference cycle of \d+ objects/.test(why)) cyclic++;
    }
    expect(cyclic).toBe(2);
  });

  it("under jvm-serial there is no count; a survivor's moves and promotion are told with their collections", () => {
    const src = [
      "import gc",
      "keep = []",
      "for i in range(300):",
      "    keep.append([i])",
      "    junk = [str(i)] * 5",
      "gc.collect()",
      "for i in range(300):",
      "    junk = [str(i)] * 5",
      "gc.collect()",
      "print(len(keep))",
    ].join("\n");
    const first = labRun("jvm-serial", src);
    const r = first.recording;
    const row = allocOn(r, "list", 2); // keep = []
    const life = objectLife(r, row, r.addr[row]!)!;
    expect(life.movedAt.length).toBeGreaterThan(0);
    const story = movesOf(r, life, first.collections).map((m) => m.text);
    expect(story.some((t) => /^moved by collection #\d+: 0x[0-9a-f]+ → 0x[0-9a-f]+$/.test(t))).toBe(true);
    expect(
      story.some((t) =>
        /^(promoted from generation 0 to 1|aged from \d+ to \d+) by collection #\d+$/.test(t),
      ),
    ).toBe(true);
    const { watched } = labRun("jvm-serial", src, {
      allocatedAt: row,
      block: r.addr[row]!,
      at: r.length - 1,
    });
    expect(watched!.matched).toBe(true);
    expect(watched!.counts).toEqual([]);
    expect(watched!.chain.at(-1)?.typeName).toBe("list");
  });
});
