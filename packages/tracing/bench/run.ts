/**
 * `pnpm bench`: binary-trees and GCBench under each tracing strategy, beside V8's own objects,
 * AssemblyScript's incremental runtime (the same programs compiled to WebAssembly) and python3, all in
 * one run. Prints time, collections, total/max/p99 pause and peak heap, the ratio of each to V8, and
 * the best heaplab strategy against AssemblyScript.
 *
 * Usage: bench/run.ts [--depth 16] [--full-gcbench] [--only name,name]
 * GCBench runs scaled by default (stretch 16, long-lived 14, 125,000 doubles, depths 4..14: a quarter of
 * the canonical 18/16/500,000/4..16) so the whole bench takes a few minutes; --full-gcbench runs it as
 * published.
 */
import { Runtime } from "@heaplab/runtime";
import { tracingStrategies } from "../src/index";
import {
  compileAssemblyScript,
  type PeerRun,
  pythonBinaryTrees,
  pythonGcBench,
  runAssemblyScript,
} from "./peers";
import { binaryTreesHeaplab, binaryTreesV8, type GcBenchParams, gcBenchHeaplab, gcBenchV8 } from "./programs";

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const depth = Math.max(6, Number(opt("--depth") ?? 16));
const only = opt("--only")?.split(",");
const gcParams: GcBenchParams = args.includes("--full-gcbench")
  ? { stretch: 18, longLived: 16, arraySize: 500_000, minDepth: 4, maxDepth: 16 }
  : { stretch: 16, longLived: 14, arraySize: 125_000, minDepth: 4, maxDepth: 14 };

interface Row {
  name: string;
  ms: number;
  collections: number | null;
  pauses: number[] | null;
  peakMB: number | null;
  check: number;
}

function heaplab(strategy: string, program: (rt: Runtime) => number): Row {
  const entry = tracingStrategies.find((e) => e.name === strategy)!;
  const rt = new Runtime(entry.create({ heapLimit: 1 << 30 }), { heapLimit: 1 << 30 });
  const pauses: number[] = [];
  rt.events.on((e) => {
    if (e.type === "gc-end") pauses.push(e.pauseMs);
  });
  const t0 = performance.now();
  const check = program(rt);
  const ms = performance.now() - t0;
  return {
    name: strategy,
    ms,
    collections: pauses.length,
    pauses,
    peakMB: rt.os.peakHeldBytes / 2 ** 20,
    check,
  };
}

function peer(name: string, r: PeerRun | null): Row | null {
  return r === null
    ? null
    : { name, ms: r.ms, collections: null, pauses: null, peakMB: r.peakMB, check: r.check };
}

function timed(name: string, fn: () => number): Row {
  const t0 = performance.now();
  const check = fn();
  return { name, ms: performance.now() - t0, collections: null, pauses: null, peakMB: null, check };
}

const fmt = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? "-" : v.toFixed(digits);

function print(title: string, rows: Row[]): void {
  const v8 = rows.find((r) => r.name === "V8 objects")!.ms;
  console.log(`\n${title}`);
  const head = ["runtime", "ms", "x V8", "GCs", "pause total", "max", "p99", "peak MB", "check"];
  const table = rows.map((r) => {
    const p = r.pauses === null ? null : [...r.pauses].sort((a, b) => a - b);
    return [
      r.name,
      fmt(r.ms),
      fmt(r.ms / v8),
      r.collections === null ? "-" : String(r.collections),
      p === null ? "-" : fmt(p.reduce((a, b) => a + b, 0)),
      p === null ? "-" : fmt(p.at(-1) ?? 0, 2),
      p === null ? "-" : fmt(p[Math.max(0, Math.ceil(p.length * 0.99) - 1)] ?? 0, 2),
      fmt(r.peakMB),
      String(r.check),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(head));
  for (const t of table) console.log(line(t));
  const heap = rows
    .filter((r) => tracingStrategies.some((e) => e.name === r.name))
    .sort((a, b) => a.ms - b.ms);
  const as = rows.find((r) => r.name === "AssemblyScript");
  const best = heap[0];
  if (best !== undefined)
    console.log(
      `best heaplab tracing strategy: ${best.name}, ${fmt(best.ms / v8)}x V8` +
        (as === undefined
          ? ""
          : `, ${fmt(best.ms / as.ms, 2)}x AssemblyScript (${best.ms <= as.ms ? "goal met" : "goal not met"})`),
    );
  const checks = new Set(rows.map((r) => r.check));
  if (checks.size !== 1)
    console.log(`WARNING: the runtimes disagree on the check value: ${[...checks].join(", ")}`);
}

const strategies = tracingStrategies.map((e) => e.name).filter((n) => only === undefined || only.includes(n));
const wasm = await compileAssemblyScript();

const bt: Row[] = [timed("V8 objects", () => binaryTreesV8(depth))];
for (const s of strategies) bt.push(heaplab(s, (rt) => binaryTreesHeaplab(rt, depth)));
bt.push(peer("AssemblyScript", await runAssemblyScript(wasm, (e) => e.binaryTrees(depth)))!);
const pyBt = peer("python3", pythonBinaryTrees(depth));
if (pyBt !== null) bt.push(pyBt);
print(`binary-trees depth ${depth}`, bt);

const gc: Row[] = [timed("V8 objects", () => gcBenchV8(gcParams))];
for (const s of strategies) gc.push(heaplab(s, (rt) => gcBenchHeaplab(rt, gcParams)));
gc.push(
  peer(
    "AssemblyScript",
    await runAssemblyScript(wasm, (e) =>
      e.gcBench(
        gcParams.stretch,
        gcParams.longLived,
        gcParams.arraySize,
        gcParams.minDepth,
        gcParams.maxDepth,
      ),
    ),
  )!,
);
const pyGc = peer("python3", pythonGcBench(gcParams));
if (pyGc !== null) gc.push(pyGc);
const p = gcParams;
print(
  `GCBench stretch ${p.stretch}, long-lived ${p.longLived}, array ${p.arraySize}, depths ${p.minDepth}..${p.maxDepth}`,
  gc,
);
