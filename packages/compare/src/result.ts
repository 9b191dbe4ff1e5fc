import type { Constraints } from "@heaplab/runtime";
import type { Params } from "@heaplab/workloads";
import type { CPythonFacts } from "./cpython-facts";
import { type FigureSpread, TIMING_FIGURES, type TimingFigure } from "./spread";

/**
 * One point of heap size over time.
 * @example
 * for (const p of result.heap) plot(p.ms, p.heldBytes, p.usedBytes);
 */
export interface HeapPoint {
  /** Allocations made so far (the runtime's logical clock). */
  atAllocation: number;
  /** Milliseconds since the run started. */
  ms: number;
  /** Bytes held from the operating system. */
  heldBytes: number;
  /** Bytes in live objects and their storage. */
  usedBytes: number;
}

/**
 * One collection, from its `gc-end` event.
 * @example
 * for (const c of result.collectionLog) console.log(c.generation, c.pauseMs, c.freedBytes);
 */
export interface CollectionRecord {
  seq: number;
  generation: number;
  reason: string;
  pauseMs: number;
  /** Objects found dead. */
  collected: number;
  freedBytes: number;
  atAllocation: number;
  /** Milliseconds since the run started, at the end of the pause. */
  endMs: number;
}

/**
 * One finalizer (`__del__`) run.
 * @example
 * result.finalizers.filter((f) => f.phase === "exit").length; // finalizers run only at the end
 */
export interface FinalizerRecord {
  typeName: string;
  /** The collection it ran in or after (0: reference counting freed the object). */
  gcSeq: number;
  /** The generation of that collection, or null for reference counting. */
  generation: number | null;
  atAllocation: number;
  /** "run": while the program ran; "exit": while the engine tore the program down. */
  phase: "run" | "exit";
}

/**
 * Everything the comparison engine measured for one workload under one strategy. The first fields
 * are the stable JSON record of `heaplab compare --json`.
 *
 * Repeated runs (`runRepeated`, `compareStrategies` with `runs`): the timings `wallSeconds`,
 * `totalPauseMs`, `maxPauseMs`, `p99PauseMs` and `mmu` are the medians over the measured runs, and
 * `spread` holds each one's range and per-run values; `allocationRate` is computed from the median wall
 * time. Every other field (the counts, bytes, series and logs) comes from the measured run whose wall
 * time is the median: those figures do not vary between runs of a workload under a strategy.
 *
 * Added fields (the dashboard may show them when present): `runs`, `warmupRuns`, `spread`,
 * `retainedBytes`, `finalizersDrained`, `cachesSmallInts`, `startUsedBytes`, `cpython`.
 * @example
 * const r = runOne({ workload: "list-cycle", strategy: "refcount" }, { catalog });
 * console.log(r.wallSeconds, r.maxPauseMs, r.spread.maxPauseMs.wide);
 */
export interface RunResult {
  workload: string;
  strategy: string;
  params: Params;
  seed: number;
  /** Wall time of the whole run (runtime creation included, as the Benchmarks Game times a program). */
  wallSeconds: number;
  /** Objects allocated. */
  allocations: number;
  allocatedBytes: number;
  /** Bytes allocated per second of wall time. */
  allocationRate: number;
  /** Collections per generation, from `gc-end` events: `{ "0": 5, "2": 1 }`. */
  collections: Record<string, number>;
  totalPauseMs: number;
  maxPauseMs: number;
  p50PauseMs: number;
  p99PauseMs: number;
  /** Minimum mutator utilisation at `mmuWindowMs` (null when the run was shorter). */
  mmu: number | null;
  mmuWindowMs: number;
  /** The MMU curve: utilisation for several window sizes. */
  mmuCurve: { windowMs: number; utilisation: number }[];
  /**
   * Most bytes ever held from the operating system: what the strategy reserved (arenas, spaces, both
   * semispaces, a whole young generation), used or not.
   */
  peakHeapBytes: number;
  /** Most bytes in objects not yet freed seen at a sample (garbage a collector has not reached included). */
  peakUsedBytes: number;
  /** Bytes held at the end of the run. */
  finalHeapBytes: number;
  /**
   * Bytes in objects not freed at the end of the run, by the strategy's counters: garbage not yet
   * collected counts here. `retainedBytes` is what was really live.
   */
  finalUsedBytes: number;
  /**
   * Bytes in objects still alive at the end after a full collection with the program's globals held:
   * the live data, without the garbage a strategy had not collected yet.
   */
  retainedBytes: number;
  /** Bytes returned to the operating system during the run. */
  bytesReturned: number;
  /** Free bytes inside held memory that cannot serve a large request, at the end. */
  fragmentationBytes: number;
  /** Objects still alive after the run and a full collection, with the program's globals held. */
  retainedObjects: number;
  /** Objects the strategy still holds after the program ended (globals released, full collection). */
  leakedObjects: number;
  finalizers: FinalizerRecord[];
  pauses: number[];
  collectionLog: CollectionRecord[];
  heap: HeapPoint[];
  /** Lines the program printed. */
  output: string[];
  /** The strategy's constraints (what it promises), for findings that explain a number. */
  constraints: Constraints;
  /** The error that stopped the run (a MemoryError under `none`), or null. */
  error: string | null;
  /** Measured runs the timings summarise (1 for `runOne`). */
  runs: number;
  /** Runs made first and thrown away so the JIT had compiled the code before measuring. */
  warmupRuns: number;
  /** Each timing's median, range and per-run values over the measured runs. */
  spread: Record<TimingFigure, FigureSpread>;
  /**
   * Finalizers a collection had queued that the engine ran when the program ended (no later
   * allocation reached a safepoint to run them); they are counted with phase "run".
   */
  finalizersDrained: number;
  /** The strategy keeps CPython's preallocated small ints: `int(0)` … `int(256)` allocate nothing. */
  cachesSmallInts: boolean;
  /**
   * Bytes in objects before the program made any: what the strategy starts with (3.12's 375 immortal
   * containers, the interpreter's objects a strategy models).
   */
  startUsedBytes: number;
  /** The CPython release a `cpython-3.x` strategy models, as facts the version findings read; null otherwise. */
  cpython: CPythonFacts | null;
}

/** The fields of `--json` and `--csv`, in order. */
export const RECORD_FIELDS = [
  "workload",
  "strategy",
  "params",
  "seed",
  "wallSeconds",
  "allocations",
  "allocatedBytes",
  "allocationRate",
  "collections",
  "totalPauseMs",
  "maxPauseMs",
  "p50PauseMs",
  "p99PauseMs",
  "mmu",
  "mmuWindowMs",
  "peakHeapBytes",
  "peakUsedBytes",
  "finalHeapBytes",
  "finalUsedBytes",
  "bytesReturned",
  "fragmentationBytes",
  "retainedObjects",
  "leakedObjects",
  "finalizersRun",
  "error",
  "runs",
  "warmupRuns",
  "retainedBytes",
  "spread",
] as const;

/**
 * The flat record other programs read (`heaplab compare --json`): the summary numbers without the
 * time series.
 *
 * @example
 * JSON.stringify(results.map(toRecord));
 */
export function toRecord(r: RunResult): Record<(typeof RECORD_FIELDS)[number], unknown> {
  return {
    workload: r.workload,
    strategy: r.strategy,
    params: r.params,
    seed: r.seed,
    wallSeconds: r.wallSeconds,
    allocations: r.allocations,
    allocatedBytes: r.allocatedBytes,
    allocationRate: r.allocationRate,
    collections: r.collections,
    totalPauseMs: r.totalPauseMs,
    maxPauseMs: r.maxPauseMs,
    p50PauseMs: r.p50PauseMs,
    p99PauseMs: r.p99PauseMs,
    mmu: r.mmu,
    mmuWindowMs: r.mmuWindowMs,
    peakHeapBytes: r.peakHeapBytes,
    peakUsedBytes: r.peakUsedBytes,
    finalHeapBytes: r.finalHeapBytes,
    finalUsedBytes: r.finalUsedBytes,
    bytesReturned: r.bytesReturned,
    fragmentationBytes: r.fragmentationBytes,
    retainedObjects: r.retainedObjects,
    leakedObjects: r.leakedObjects,
    finalizersRun: r.finalizers.length,
    error: r.error,
    runs: r.runs,
    warmupRuns: r.warmupRuns,
    retainedBytes: r.retainedBytes,
    spread: r.spread,
  };
}

/**
 * One CSV cell: null is empty, an object (params, collections) becomes `key=value;…`, and a cell with a
 * quote, comma or newline is quoted.
 *
 * @example
 * csvCell({ depth: 10, n: 2 }); // "depth=10;n=2"
 */
export function csvCell(v: unknown): string {
  let s: string;
  if (v === null || v === undefined) s = "";
  else if (typeof v === "object")
    s = Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}=${x}`)
      .join(";");
  else s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The columns of `--csv`: the record's fields with `spread` flattened into `<timing>Min`,
 * `<timing>Max` and `<timing>Wide` columns (e.g. `maxPauseMsMin`), the medians being the record's own.
 *
 * @example
 * CSV_FIELDS.includes("wallSecondsMax"); // true
 */
export const CSV_FIELDS: readonly string[] = [
  ...RECORD_FIELDS.filter((f) => f !== "spread"),
  ...TIMING_FIGURES.flatMap((f) => [`${f}Min`, `${f}Max`, `${f}Wide`]),
];

/**
 * CSV with a header row (`CSV_FIELDS`); objects (params, collections) become `key=value;…` cells.
 *
 * @example
 * toCsv(results).split("\n")[0]; // "workload,strategy,params,..."
 */
export function toCsv(results: readonly RunResult[]): string {
  const lines = [CSV_FIELDS.join(",")];
  for (const r of results) {
    const rec: Record<string, unknown> = toRecord(r);
    for (const f of TIMING_FIGURES) {
      rec[`${f}Min`] = r.spread[f].min;
      rec[`${f}Max`] = r.spread[f].max;
      rec[`${f}Wide`] = r.spread[f].wide;
    }
    lines.push(CSV_FIELDS.map((f) => csvCell(rec[f])).join(","));
  }
  return lines.join("\n");
}
