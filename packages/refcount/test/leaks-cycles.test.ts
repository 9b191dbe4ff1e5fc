import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Runtime, SlotVisitor } from "@heaplab/runtime";
import { parseTrace, replayTrace } from "@heaplab/trace";
import { describe, expect, it } from "vitest";
import { createRefcountStrategy, type RefcountStrategy } from "../src";
import { K_TUPLE } from "../src/internals";

const REFEREE = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../shared/trace");
/** Ops whose effects make "what the collector collected" differ from "what counting leaks". */
const EXCLUDED = new Set(["weakref", "fin", "resurrect", "freeze", "saveall"]);

/** GC objects alive under `refcount` that no handle reaches: what counting alone leaked. */
function leakedGcObjects(rt: Runtime): number {
  const s = rt.strategy as RefcountStrategy;
  const reached = new Set<number>();
  const stack: number[] = [];
  rt.handles.forEachRoot((slot) => stack.push(rt.handles.addrs[slot]!));
  const v: SlotVisitor = { visit: (slot) => stack.push(rt.memory.u32[slot >>> 2]!) };
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (o === 0 || reached.has(o)) continue;
    reached.add(o);
    rt.model.scan(o, v, "dealloc");
  }
  let n = 0;
  s.forEachObject((o) => {
    if (!reached.has(o) && s.kindOf(o) >= K_TUPLE && !s.statics.has(o)) n++;
  });
  return n;
}

describe("refcount on the shared traces", () => {
  it.skipIf(!existsPython())(
    "leaks the objects CPython 3.11's collector collects (examples without weak references, finalizers, freeze or DEBUG_SAVEALL, with a final gc.collect())",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "heaplab-leaks-"));
      const examples = readdirSync(join(REFEREE, "examples"))
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => JSON.parse(readFileSync(join(REFEREE, "examples", f), "utf8")) as { ops: unknown[][] })
        .filter((t) => !t.ops.some((o) => EXCLUDED.has(o[0] as string)));
      const paths = examples.map((t, i) => {
        const p = join(dir, `t${i}.json`);
        writeFileSync(p, JSON.stringify({ ...t, ops: [...t.ops, ["collect", 2]] }));
        return p;
      });
      const out = execFileSync("python3", [join(REFEREE, "cpython_replay.py"), ...paths], {
        maxBuffer: 64 << 20,
      }).toString();
      const parsed = JSON.parse(out) as
        | { stats: { collected: number }[] }
        | { stats: { collected: number }[] }[];
      const cpython = (Array.isArray(parsed) ? parsed : [parsed]).map((r) =>
        r.stats.reduce((n, s) => n + s.collected, 0),
      );
      const leaked = paths.map((p) => {
        let n = -1;
        replayTrace(parseTrace(JSON.parse(readFileSync(p, "utf8"))), {
          createStrategy: () => createRefcountStrategy(),
          afterOp: (rt, i) => {
            if (i === examples[paths.indexOf(p)]!.ops.length) n = leakedGcObjects(rt);
          },
        });
        return n;
      });
      expect(examples.length).toBeGreaterThan(5);
      // Every object CPython's collector collected is leaked under counting alone...
      leaked.forEach((n, i) => {
        expect(n, `trace ${i}`).toBeGreaterThanOrEqual(cpython[i]!);
      });
      // ...and exactly those on the traces without dicts and tuples, whose untracking rules (MAINTAIN_TRACKING,
      // untrack_tuples) let CPython free some unreachable containers without counting them as collected.
      const plain = examples.map((t) => !t.ops.some((o) => o[0] === "dict" || o[0] === "tuple"));
      expect(leaked.filter((_, i) => plain[i])).toEqual(cpython.filter((_, i) => plain[i]));
      expect(plain.filter(Boolean).length).toBeGreaterThan(5);
    },
  );
});

function existsPython(): boolean {
  try {
    execFileSync("python3", ["--version"]);
    return true;
  } catch {
    return false;
  }
}
