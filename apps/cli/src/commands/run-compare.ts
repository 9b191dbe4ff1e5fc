import { runPython } from "@heaplab/python";
import { Runtime } from "@heaplab/runtime";
import Table from "cli-table3";
import { catalog } from "../catalog";
import { tableStyle } from "../colour";

/** What one strategy did with a program. */
interface CompareRow {
  strategy: string;
  exitCode: number;
  ms: number;
  allocations: number;
  collections: number[];
  pauseTotal: number;
  pauseMax: number;
  peakHeld: number;
  endHeld: number;
  liveObjects: number;
  /** `__del__` calls: the type and the output line count when each ran. */
  /** Each `__del__` that ran: the class and the source line the program was on (0: at exit). */
  finalizers: { type: string; line: number }[];
  stdout: string;
  refcounts: boolean;
}

function runOne(
  strategy: string,
  source: string,
  file: string,
  args: string[],
  heapLimit: number,
): CompareRow {
  const s = catalog.get(strategy).create({ heapLimit });
  const rt = new Runtime(s, { heapLimit });
  let stdout = "";
  let pauseTotal = 0;
  let pauseMax = 0;
  let peakHeld = 0;
  const finalizers: CompareRow["finalizers"] = [];
  let line = 0;
  const off = rt.events.on((e) => {
    if (e.type === "gc-end") {
      pauseTotal += e.pauseMs;
      pauseMax = Math.max(pauseMax, e.pauseMs);
      peakHeld = Math.max(peakHeld, e.heapBytesBefore);
    } else if (e.type === "finalizer") {
      finalizers.push({ type: e.typeName, line });
    }
  });
  const t0 = performance.now();
  const { exitCode } = runPython(rt, source, {
    filename: file,
    argv: args,
    onLine: (n, f) => {
      // Lines of the modules written in Python (`<collections>`) are not the program's.
      if (f === undefined || f === file) line = n;
    },
    stdout: (t) => {
      stdout += t;
    },
  });
  const ms = performance.now() - t0;
  off();
  const st = rt.stats();
  return {
    strategy,
    exitCode,
    ms,
    allocations: st.allocations,
    collections: st.collections,
    pauseTotal,
    pauseMax,
    peakHeld: Math.max(peakHeld, st.heldBytes),
    endHeld: st.heldBytes,
    liveObjects: st.liveObjects,
    finalizers,
    stdout,
    refcounts: s.refcount !== undefined,
  };
}

const kib = (n: number) =>
  n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(0)} KiB`;

/** Output lines (1-based) where `b` differs from `a`. */
function differing(a: string, b: string): number[] {
  const x = a.split("\n");
  const y = b.split("\n");
  const out: number[] = [];
  for (let i = 0; i < Math.max(x.length, y.length) - 1; i++) if (x[i] !== y[i]) out.push(i + 1);
  return out;
}

/** Why a strategy's output may differ from the reference run's, from what the strategy is. */
function why(ref: CompareRow, r: CompareRow): string {
  const reasons: string[] = [];
  if (ref.refcounts && !r.refcounts)
    reasons.push("no reference counts: sys.getrefcount is 0 and __del__ waits for a collection");
  if (r.finalizers.length !== ref.finalizers.length)
    reasons.push(`${r.finalizers.length} __del__ calls, ${ref.finalizers.length} under ${ref.strategy}`);
  return reasons.join("; ");
}

/**
 * `heaplab run --compare FILE.py`: the program under several strategies, one table (time, allocations,
 * collections per generation, pauses, peak and final heap, objects alive at the end, `__del__` calls
 * and the output line each followed), then which output lines differ from the first strategy's and why.
 */
export function compareRun(
  strategies: string[],
  source: string,
  file: string,
  args: string[],
  heapLimit: number,
): number {
  // CPython's own strategy, when chosen, is the reference the others are compared with.
  const order = [...strategies].sort((a, b) => Number(b === "cpython-3.11") - Number(a === "cpython-3.11"));
  const rows = order.map((s) => runOne(s, source, file, args, heapLimit));
  const table = new Table({
    head: [
      "strategy",
      "exit",
      "time",
      "allocs",
      "GCs gen:n",
      "pause tot/max",
      "peak held",
      "end held",
      "alive@end",
      "__del__ at line",
    ],
    style: tableStyle(),
  });
  for (const r of rows) {
    table.push([
      r.strategy,
      String(r.exitCode),
      `${r.ms.toFixed(0)} ms`,
      String(r.allocations),
      r.collections.map((n, g) => `${g}:${n}`).join(" ") || "-",
      `${r.pauseTotal.toFixed(1)}/${r.pauseMax.toFixed(1)} ms`,
      kib(r.peakHeld),
      kib(r.endHeld),
      String(r.liveObjects),
      r.finalizers.length === 0
        ? "-"
        : r.finalizers
            .slice(0, 6)
            .map((f) => `${f.type}@${f.line}`)
            .join(" ") + (r.finalizers.length > 6 ? " …" : ""),
    ]);
  }
  const lines = [table.toString()];
  const ref = rows[0]!;
  for (const r of rows.slice(1)) {
    const d = differing(ref.stdout, r.stdout);
    if (d.length === 0) lines.push(`${r.strategy}: same output as ${ref.strategy}`);
    else
      lines.push(
        `${r.strategy}: lines ${d.join(", ")} differ from ${ref.strategy} (${why(ref, r) || "see the output"})`,
      );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  return rows.some((r) => r.exitCode !== 0) ? 1 : 0;
}
