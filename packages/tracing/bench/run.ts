/**
 * binary-trees under each tracing strategy, beside V8's own objects and python3, in one run.
 * Usage: tsx bench/run.ts [depth=16]. Prints time, collections, total/max/p99 pause, peak heap and the
 * ratio of each to V8.
 */
import { execFileSync } from "node:child_process";
import { type Handle, Runtime } from "@heaplab/runtime";
import { tracingStrategies } from "../src/index";

const depth = Number(process.argv[2] ?? 16);
const minDepth = 4;
const maxDepth = Math.max(minDepth + 2, depth);

interface Row {
  name: string;
  ms: number;
  collections: number | string;
  totalPause: number | string;
  maxPause: number | string;
  p99: number | string;
  peakMB: number | string;
  check: number;
}

function heaplab(name: string): Row {
  const entry = tracingStrategies.find((e) => e.name === name)!;
  const rt = new Runtime(entry.create({ heapLimit: 1 << 30 }), { heapLimit: 1 << 30 });
  const Node = rt.types.register({ name: "Node", kind: "slots", slots: ["left", "right"] });
  const pauses: number[] = [];
  rt.events.on((e) => {
    if (e.type === "gc-end") pauses.push(e.pauseMs);
  });
  const make = (d: number): Handle =>
    d === 0 ? rt.newObject(Node) : rt.scope(() => rt.newObject(Node, [make(d - 1), make(d - 1)]));
  const check = (h: Handle): number =>
    rt.isNone(h) ? 0 : rt.scope(() => 1 + check(rt.getSlot(h, 0)) + check(rt.getSlot(h, 1)));
  const t0 = performance.now();
  let total = rt.scope(() => check(make(maxDepth + 1)));
  const long = rt.scope(() => rt.persistent(make(maxDepth)));
  for (let d = minDepth; d <= maxDepth; d += 2) {
    const iters = 2 ** (maxDepth - d + minDepth);
    for (let i = 0; i < iters; i++) total += rt.scope(() => check(make(d)));
  }
  total += check(long);
  const ms = performance.now() - t0;
  pauses.sort((a, b) => a - b);
  return {
    name,
    ms,
    collections: pauses.length,
    totalPause: pauses.reduce((a, b) => a + b, 0),
    maxPause: pauses.at(-1) ?? 0,
    p99: pauses[Math.max(0, Math.ceil(pauses.length * 0.99) - 1)] ?? 0,
    peakMB: rt.os.peakHeldBytes / 2 ** 20,
    check: total,
  };
}

function v8(): Row {
  type N = { l: N | null; r: N | null };
  const make = (d: number): N => (d === 0 ? { l: null, r: null } : { l: make(d - 1), r: make(d - 1) });
  const check = (n: N | null): number => (n === null ? 0 : 1 + check(n.l) + check(n.r));
  const t0 = performance.now();
  let total = check(make(maxDepth + 1));
  const long = make(maxDepth);
  for (let d = minDepth; d <= maxDepth; d += 2) {
    const iters = 2 ** (maxDepth - d + minDepth);
    for (let i = 0; i < iters; i++) total += check(make(d));
  }
  total += check(long);
  return {
    name: "V8 objects",
    ms: performance.now() - t0,
    collections: "-",
    totalPause: "-",
    maxPause: "-",
    p99: "-",
    peakMB: "-",
    check: total,
  };
}

function python(): Row | null {
  const src = `
import time
class Node:
    __slots__ = ("l", "r")
    def __init__(self, l, r): self.l = l; self.r = r
def make(d): return Node(None, None) if d == 0 else Node(make(d-1), make(d-1))
def check(n): return 0 if n is None else 1 + check(n.l) + check(n.r)
t0 = time.perf_counter()
mx = ${maxDepth}
total = check(make(mx + 1))
long = make(mx)
for d in range(4, mx + 1, 2):
    for i in range(2 ** (mx - d + 4)): total += check(make(d))
total += check(long)
print((time.perf_counter() - t0) * 1000, total)
`;
  try {
    const [ms, total] = execFileSync("python3", ["-c", src], { encoding: "utf8" }).trim().split(" ");
    return {
      name: "python3",
      ms: Number(ms),
      collections: "-",
      totalPause: "-",
      maxPause: "-",
      p99: "-",
      peakMB: "-",
      check: Number(total),
    };
  } catch {
    return null;
  }
}

const rows: Row[] = [v8()];
for (const e of tracingStrategies) rows.push(heaplab(e.name));
const py = python();
if (py !== null) rows.push(py);
const base = rows[0]!.ms;
const f = (v: number | string) => (typeof v === "number" ? v.toFixed(1) : v);
console.log(`binary-trees depth ${maxDepth}`);
console.log(["runtime", "ms", "x V8", "GCs", "pause total", "max", "p99", "peak MB", "check"].join("\t"));
for (const r of rows)
  console.log(
    [
      r.name,
      f(r.ms),
      (r.ms / base).toFixed(1),
      r.collections,
      f(r.totalPause),
      f(r.maxPause),
      f(r.p99),
      f(r.peakMB),
      r.check,
    ].join("\t"),
  );
const best = rows
  .filter((r) => tracingStrategies.some((e) => e.name === r.name))
  .sort((a, b) => a.ms - b.ms)[0]!;
console.log(`best heaplab tracing strategy: ${best.name}, ${(best.ms / base).toFixed(1)}x V8`);
