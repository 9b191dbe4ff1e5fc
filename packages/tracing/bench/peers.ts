/**
 * The peers measured beside heaplab in the same run: AssemblyScript's incremental runtime (TLSF + ITCMS,
 * the same programs compiled to WebAssembly with `--runtime incremental -O3`) and python3.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { GcBenchParams } from "./programs";

/** One measured run: milliseconds, the program's check value, peak memory in MiB if known. */
export interface PeerRun {
  ms: number;
  check: number;
  peakMB: number | null;
}

/** The slice of the WebAssembly JS API this file uses (the package's lib has no DOM/Wasm types). */
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
};

interface AscExports {
  memory: { buffer: ArrayBuffer };
  binaryTrees(maxDepth: number): number;
  gcBench(stretch: number, longLived: number, arraySize: number, minDepth: number, maxDepth: number): number;
}

/** Compiles bench/assemblyscript/programs.as with the installed `assemblyscript` compiler. */
export async function compileAssemblyScript(): Promise<Uint8Array> {
  const asc = (await import("assemblyscript/asc")).default;
  const src = readFileSync(fileURLToPath(new URL("./assemblyscript/programs.as", import.meta.url)), "utf8");
  const r = await asc.compileString(
    { "programs.ts": src },
    { runtime: "incremental", optimizeLevel: 3, shrinkLevel: 0, noAssert: true },
  );
  if (r.error !== null || r.binary === null) throw new Error(`asc failed: ${r.stderr.toString()}`);
  return r.binary;
}

/** Runs one program in a fresh instance (a fresh heap), so peak memory is this program's. */
export async function runAssemblyScript(
  binary: Uint8Array,
  run: (e: AscExports) => number,
): Promise<PeerRun> {
  const { instance } = await WebAssembly.instantiate(binary, {
    env: {
      abort: () => {
        throw new Error("AssemblyScript abort");
      },
    },
  });
  const e = instance.exports as unknown as AscExports;
  const t0 = performance.now();
  const check = run(e);
  const ms = performance.now() - t0;
  // Wasm memory never shrinks: its size at the end is the peak.
  return { ms, check, peakMB: e.memory.buffer.byteLength / 2 ** 20 };
}

const PY_BINARY_TREES = `
class Node:
    __slots__ = ("l", "r")
    def __init__(self, l, r): self.l = l; self.r = r
def make(d): return Node(None, None) if d == 0 else Node(make(d-1), make(d-1))
def check(n): return 0 if n is None else 1 + check(n.l) + check(n.r)
def bench(mx):
    total = check(make(mx + 1))
    long = make(mx)
    for d in range(4, mx + 1, 2):
        for i in range(2 ** (mx - d + 4)): total += check(make(d))
    return total + check(long)
`;

const PY_GCBENCH = `
class GNode:
    __slots__ = ("i", "j", "left", "right")
    def __init__(self, l=None, r=None): self.i = 0; self.j = 0; self.left = l; self.right = r
def tree_size(d): return 2 ** (d + 1) - 1
def populate(depth, node):
    if depth <= 0: return
    depth -= 1
    node.left = GNode(); node.right = GNode()
    populate(depth, node.left); populate(depth, node.right)
def make_tree(d): return GNode() if d <= 0 else GNode(make_tree(d - 1), make_tree(d - 1))
def count(n): return 0 if n is None else 1 + count(n.left) + count(n.right)
def bench(stretch, long_lived, array_size, lo, hi):
    temp = make_tree(stretch); temp = None
    long = GNode(); populate(long_lived, long)
    array = [0.0] * array_size
    for i in range(1, array_size // 2): array[i] = 1.0 / i
    for d in range(lo, hi + 1, 2):
        iters = 2 * tree_size(stretch) // tree_size(d)
        for i in range(iters): populate(d, GNode())
        for i in range(iters): make_tree(d)
    return count(long) if array[1000] == 1.0 / 1000 else -1
`;

function python(src: string, call: string): PeerRun | null {
  const prog = `import sys, time, resource\nsys.setrecursionlimit(10000)\n${src}\nt0 = time.perf_counter()\nr = ${call}\nms = (time.perf_counter() - t0) * 1000\nprint(ms, r, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n`;
  try {
    const [ms, check, rss] = execFileSync("python3", ["-c", prog], { encoding: "utf8" }).trim().split(" ");
    return { ms: Number(ms), check: Number(check), peakMB: Number(rss) };
  } catch {
    return null;
  }
}

/** binary-trees under python3 (peak = max RSS of the process). */
export function pythonBinaryTrees(maxDepth: number): PeerRun | null {
  return python(PY_BINARY_TREES, `bench(${maxDepth})`);
}

/** GCBench under python3. */
export function pythonGcBench(p: GcBenchParams): PeerRun | null {
  return python(
    PY_GCBENCH,
    `bench(${p.stretch}, ${p.longLived}, ${p.arraySize}, ${p.minDepth}, ${p.maxDepth})`,
  );
}
