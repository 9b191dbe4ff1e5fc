/** The same two programs under the real `python3` (CPython), measured in the same run. */
import { execFileSync } from "node:child_process";

const PROGRAMS = `
import gc, sys, time, json
sys.setrecursionlimit(10000)
class Node:
    __slots__ = ("l", "r")
    def __init__(self, l=None, r=None): self.l = l; self.r = r
def make(d): return Node() if d == 0 else Node(make(d - 1), make(d - 1))
def check(n): return 0 if n is None else 1 + check(n.l) + check(n.r)
def binary_trees(mx):
    total = check(make(mx + 1))
    long = make(mx)
    for d in range(4, mx + 1, 2):
        for i in range(2 ** (mx - d + 4)): total += check(make(d))
    return total + check(long)
def full_collection(pairs, keep):
    gc.disable()
    holder = []
    for i in range(pairs):
        a = []; b = [a]; a.append(b)
        if keep: holder.append(a)
    a = b = None
    c0 = time.process_time(); t0 = time.perf_counter(); found = gc.collect()
    ms = (time.perf_counter() - t0) * 1000; cpu = (time.process_time() - c0) * 1000
    holder = None; gc.collect(); gc.enable()
    return ms, cpu, found
`;

/** python3's measurements: one per run, all in one process (as heaplab's runs share one runtime). */
export interface PythonRun {
  /** Milliseconds of each run, in order (wall clock). */
  ms: number[];
  /** CPU milliseconds of each run (`time.process_time()`), in order. */
  cpu: number[];
  /** What the last run returned (every run returns the same). */
  result: number;
  version: string;
}

function run(runs: number, body: string): PythonRun | null {
  const loopBody = body
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
  const prog = [
    PROGRAMS,
    "runs = []",
    "cpus = []",
    `for _ in range(${runs}):`,
    loopBody,
    "    runs.append(ms)",
    "    cpus.append(cpu)",
    'print(json.dumps({"ms": runs, "cpu": cpus, "result": result, "version": sys.version.split()[0]}))',
    "",
  ].join("\n");
  try {
    return JSON.parse(execFileSync("python3", ["-c", prog], { encoding: "utf8" }).trim()) as PythonRun;
  } catch {
    return null;
  }
}

/** `runs` binary-trees of depth `max` under python3. */
export function pythonBinaryTrees(max: number, runs: number): PythonRun | null {
  return run(
    runs,
    "c0 = time.process_time(); t0 = time.perf_counter(); result = binary_trees(" +
      `${max}); ms = (time.perf_counter() - t0) * 1000; cpu = (time.process_time() - c0) * 1000`,
  );
}

/** `runs` full collections over `pairs` two-list cycles, live or dead, under python3. */
export function pythonFullCollection(pairs: number, keep: boolean, runs: number): PythonRun | null {
  return run(runs, `ms, cpu, result = full_collection(${pairs}, ${keep ? "True" : "False"})`);
}
