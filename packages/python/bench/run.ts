import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cpythonStrategy } from "@heaplab/generational";
import { runPython } from "@heaplab/python";
import { Runtime } from "@heaplab/runtime";
import { tracingStrategies } from "@heaplab/tracing";

/**
 * binary-trees (depth BENCH_DEPTH, default 16) run by heaplab's Python under cpython-3.11 and every
 * tracing strategy, beside python3 on the same file; prints each time and its ratio to python3's.
 * One run each: the machine is shared, so read the ratios, not the milliseconds.
 */
const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, "binary_trees.py");
const source = readFileSync(file, "utf8");
const depth = process.env.BENCH_DEPTH ?? "16";

const t0 = performance.now();
const py = spawnSync("python3", [file, depth], { encoding: "utf8" });
const pyMs = performance.now() - t0;
console.log(`python3                ${pyMs.toFixed(0).padStart(8)} ms   1.00×`);

const heapLimit = 1024 * 1024 * 1024;
for (const entry of [cpythonStrategy, ...tracingStrategies]) {
  const rt = new Runtime(entry.create({ heapLimit }), { heapLimit });
  let out = "";
  const s = performance.now();
  const { exitCode } = runPython(rt, source, {
    filename: file,
    argv: [depth],
    stdout: (t) => {
      out += t;
    },
  });
  const ms = performance.now() - s;
  const same = exitCode === 0 && out === py.stdout ? "" : "  (output differs from python3's)";
  console.log(
    `${entry.name.padEnd(22)} ${ms.toFixed(0).padStart(8)} ms ${(ms / pyMs).toFixed(2).padStart(6)}×${same}`,
  );
}
