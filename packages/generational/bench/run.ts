/**
 * `pnpm bench` for @heaplab/generational: binary-trees (depth 16) and a full collection over 1,000,000 live
 * objects in two-object cycles (and the same cycles dead), under `cpython-3.11` on heaplab beside the real
 * python3 running the same Python in the same run. Prints milliseconds and heaplab/CPython ratios
 * (below 1.00: heaplab is faster). Args: `--depth N` (default 16), `--pairs N` (default 500000).
 */
import { Runtime } from "@heaplab/runtime";
import { createCPythonStrategy } from "../src/index";
import { binaryTrees, fullCollection } from "./programs";
import { pythonBinaryTrees, pythonFullCollection } from "./python-peer";

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const depth = arg("depth", 16);
const pairs = arg("pairs", 500_000);

function fresh() {
  const s = createCPythonStrategy();
  return { s, rt: new Runtime(s, { heapLimit: 1536 << 20 }) };
}

function row(name: string, heaplabMs: number, py: { ms: number } | null, note: string): void {
  const ratio = py === null ? "n/a" : (heaplabMs / py.ms).toFixed(2);
  const pyMs = py === null ? "python3 missing" : py.ms.toFixed(1).padStart(10);
  console.log(
    `${name.padEnd(34)} heaplab ${heaplabMs.toFixed(1).padStart(10)} ms   python3 ${pyMs} ms   ratio ${ratio}   ${note}`,
  );
}

const bt = (() => {
  const { rt } = fresh();
  const t0 = performance.now();
  const result = binaryTrees(rt, depth);
  return { ms: performance.now() - t0, result };
})();
const pyBt = pythonBinaryTrees(depth);
console.log(`cpython-3.11 on heaplab vs ${pyBt ? `python3 ${pyBt.version}` : "python3 (not found)"}`);
row(
  `binary-trees depth ${depth}`,
  bt.ms,
  pyBt,
  `check ${bt.result}${pyBt && pyBt.result !== bt.result ? ` ≠ python3 ${pyBt.result}` : ""}`,
);

for (const keep of [true, false]) {
  const { s, rt } = fresh();
  // warm the collector's code paths once on a small heap, as CPython's C code needs no warm-up
  fullCollection(rt, s.gc, 20_000, keep);
  const r = fullCollection(rt, s.gc, pairs, keep);
  const py = pythonFullCollection(pairs, keep);
  row(
    `full collection, ${2 * pairs} ${keep ? "live" : "dead"}`,
    r.ms,
    py,
    `found ${r.found}${py && py.result !== r.found ? ` ≠ python3 ${py.result}` : ""}`,
  );
}
