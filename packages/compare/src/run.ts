import { type HeapEvent, Runtime, type StrategyCatalog } from "@heaplab/runtime";
import {
  createWorkloadContext,
  getWorkload,
  type Params,
  type ParamValue,
  type Workload,
} from "@heaplab/workloads";
import { cpythonFactsOf } from "./cpython-facts";
import { mmu, type PauseInterval, percentile } from "./metrics";
import type { CollectionRecord, FinalizerRecord, HeapPoint, RunResult } from "./result";
import { spreadOf, TIMING_FIGURES, type TimingFigure } from "./spread";

/**
 * What to run: one workload, one strategy.
 * @example
 * const spec: RunSpec = { workload: "gcbench", strategy: "jvm-serial", settings: { "initial-heap": 8 << 20 } };
 */
export interface RunSpec {
  workload: string | Workload;
  strategy: string;
  /** Overrides of the workload's default parameters. */
  params?: Params;
  /** Strategy-specific settings (`StrategyOptions.settings`), e.g. `{ neverReleaseArenas: true }`. */
  settings?: Record<string, ParamValue>;
}

/**
 * How to run it.
 * @example
 * runOne(spec, { catalog, heapLimit: 64 << 20, seed: 1, mmuWindowMs: 10 });
 */
export interface RunOptions {
  catalog: StrategyCatalog;
  /** Heap limit for every run, in bytes. Default 256 MiB. */
  heapLimit?: number;
  /** Seed passed to the workload. Default 1. */
  seed?: number;
  /** Window of the headline MMU number. Default 5 ms. */
  mmuWindowMs?: number;
  /** Called while the workload runs with its own (done, total). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Called when the program has ended, before the engine releases its globals: a chance to look at
   * the heap as the program left it (the dashboard draws its map here).
   */
  onEnd?: (rt: Runtime) => void;
  /** Most heap points kept per run (the sampling interval doubles to stay under it). Default 400. */
  maxHeapPoints?: number;
}

const MMU_WINDOWS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/** Samples heap size every `interval` allocations, halving the kept points when there are too many. */
class HeapSampler {
  readonly points: HeapPoint[] = [];
  private interval = 64;
  private countdown = 64;
  constructor(
    private readonly rt: Runtime,
    private readonly t0: number,
    private readonly max: number,
  ) {}

  tick(): void {
    if (--this.countdown > 0) return;
    this.sample();
    this.countdown = this.interval;
  }

  sample(): void {
    const s = this.rt.stats();
    this.add({
      atAllocation: s.allocations,
      ms: now() - this.t0,
      heldBytes: s.heldBytes,
      usedBytes: s.usedBytes,
    });
  }

  add(p: HeapPoint): void {
    this.points.push(p);
    if (this.points.length > this.max) {
      // Keep every other point: the series stays evenly spaced in allocations.
      let j = 0;
      for (let i = 0; i < this.points.length; i += 2) this.points[j++] = this.points[i]!;
      this.points.length = j;
      this.interval *= 2;
    }
  }
}

const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/**
 * Runs one workload under one strategy on a fresh runtime and gathers every metric from the runtime's
 * event stream and counters: collections and pauses from `gc-start`/`gc-end`, finalizers from
 * `finalizer` events, heap size from `heap-sample` events and a sampler on the allocation hook. After
 * the program ends, the engine runs the finalizers still queued (part of the run), collects fully with
 * the program's globals held (retained objects and bytes), then releases them and collects again
 * (leaked objects: what the strategy can never reclaim).
 *
 * @example
 * const r = runOne({ workload: "list-cycle", strategy: "none" }, { catalog });
 * r.leakedObjects; // 4000: `none` never frees
 */
export function runOne(spec: RunSpec, options: RunOptions): RunResult {
  const workload = typeof spec.workload === "string" ? getWorkload(spec.workload) : spec.workload;
  const params: Params = { ...workload.params, ...(spec.params ?? {}) };
  const seed = options.seed ?? 1;
  const heapLimit = options.heapLimit ?? 256 * 1024 * 1024;
  const mmuWindowMs = options.mmuWindowMs ?? 5;
  const entry = options.catalog.get(spec.strategy);

  const t0 = now();
  const strategy = entry.create(
    spec.settings ? { heapLimit, settings: { ...spec.settings } } : { heapLimit },
  );
  const rt = new Runtime(strategy, { heapLimit });
  const baselineObjects = countObjects(rt);
  const startUsedBytes = rt.stats().usedBytes;
  const sampler = new HeapSampler(rt, t0, options.maxHeapPoints ?? 400);
  const collectionLog: CollectionRecord[] = [];
  const generationOfSeq = new Map<number, number>();
  const finalizers: FinalizerRecord[] = [];
  const intervals: PauseInterval[] = [];
  let phase: "run" | "exit" = "run";

  const offEvents = rt.events.on((e: HeapEvent) => {
    if (e.type === "gc-start") generationOfSeq.set(e.seq, e.generation);
    else if (e.type === "gc-end" && phase === "run") {
      const end = now() - t0;
      collectionLog.push({
        seq: e.seq,
        generation: e.generation,
        reason: e.reason,
        pauseMs: e.pauseMs,
        collected: e.collected,
        freedBytes: e.freedBytes,
        atAllocation: e.atAllocation,
        endMs: end,
      });
      intervals.push({ start: Math.max(0, end - e.pauseMs), end });
    } else if (e.type === "finalizer") {
      finalizers.push({
        typeName: e.typeName,
        gcSeq: e.gcSeq,
        generation: e.gcSeq === 0 ? null : (generationOfSeq.get(e.gcSeq) ?? null),
        atAllocation: e.atAllocation,
        phase,
      });
    } else if (e.type === "heap-sample" && phase === "run") {
      sampler.add({
        atAllocation: e.atAllocation,
        ms: now() - t0,
        heldBytes: e.heldBytes,
        usedBytes: e.usedBytes,
      });
    }
  });
  const offAlloc = rt.events.onAllocation({ alloc: () => sampler.tick() });

  const ctx = createWorkloadContext(rt, {
    seed,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  let error: string | null = null;
  sampler.sample();
  // The program's own top-level handles live in this scope and end with it (its globals do not).
  const mark = rt.openScope();
  let finalizersDrained = 0;
  try {
    workload.run(rt, params, ctx);
    finalizersDrained = drainFinalizers(rt);
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } finally {
    rt.closeScope(mark);
  }
  sampler.sample();
  const wallMs = now() - t0;
  offAlloc();
  const end = rt.stats();
  options.onEnd?.(rt);

  // The program has ended: what is still alive with its globals held, then without them.
  phase = "exit";
  let retainedObjects = end.liveObjects - baselineObjects;
  let retainedBytes = end.usedBytes;
  let leakedObjects = retainedObjects;
  try {
    // Counted by walking the heap: a lazily sweeping strategy's counters still include the dead
    // objects it has not swept yet, and the walk makes it finish sweeping.
    fullCollection(rt);
    retainedObjects = countObjects(rt) - baselineObjects;
    retainedBytes = rt.stats().usedBytes;
    ctx.releaseGlobals();
    fullCollection(rt);
    leakedObjects = countObjects(rt) - baselineObjects;
  } catch (e) {
    error ??= e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  offEvents();

  const pauses = collectionLog.map((c) => c.pauseMs);
  const collections: Record<string, number> = {};
  for (const c of collectionLog) collections[c.generation] = (collections[c.generation] ?? 0) + 1;
  const mmuCurve: { windowMs: number; utilisation: number }[] = [];
  for (const w of MMU_WINDOWS) {
    const u = mmu(intervals, wallMs, w);
    if (u !== null) mmuCurve.push({ windowMs: w, utilisation: u });
  }
  const timings: Record<TimingFigure, number | null> = {
    wallSeconds: wallMs / 1000,
    totalPauseMs: pauses.reduce((a, b) => a + b, 0),
    maxPauseMs: pauses.reduce((a, b) => Math.max(a, b), 0),
    p99PauseMs: percentile(pauses, 99),
    mmu: mmu(intervals, wallMs, mmuWindowMs),
  };
  return {
    workload: workload.name,
    strategy: spec.strategy,
    params,
    seed,
    wallSeconds: timings.wallSeconds!,
    allocations: end.allocations,
    allocatedBytes: end.allocatedBytes,
    allocationRate: wallMs > 0 ? end.allocatedBytes / (wallMs / 1000) : 0,
    collections,
    totalPauseMs: timings.totalPauseMs!,
    maxPauseMs: timings.maxPauseMs!,
    p50PauseMs: percentile(pauses, 50),
    p99PauseMs: timings.p99PauseMs!,
    mmu: timings.mmu,
    mmuWindowMs,
    mmuCurve,
    peakHeapBytes: Math.max(rt.os.peakHeldBytes, ...sampler.points.map((p) => p.heldBytes)),
    peakUsedBytes: sampler.points.reduce((a, p) => Math.max(a, p.usedBytes), 0),
    finalHeapBytes: end.heldBytes,
    finalUsedBytes: end.usedBytes,
    retainedBytes,
    bytesReturned: end.returnedBytes,
    fragmentationBytes: end.fragmentation,
    retainedObjects,
    leakedObjects,
    finalizers,
    pauses,
    collectionLog,
    heap: sampler.points,
    output: [...ctx.output],
    constraints: strategy.constraints,
    error,
    runs: 1,
    warmupRuns: 0,
    spread: Object.fromEntries(
      TIMING_FIGURES.map((f) => [f, spreadOf(f, [timings[f]])]),
    ) as RunResult["spread"],
    finalizersDrained,
    cachesSmallInts: cachesSmallInts(rt),
    startUsedBytes,
    cpython: cpythonFactsOf(strategy),
  };
}

/**
 * Runs the finalizers a collection queued but the program never reached a safepoint to run (a program
 * that ends with `gc.collect()`), as the end of the program does under Jython and IronPython, whose
 * `gc.collect()` waits for the finalizer thread. They belong to the run: counted as phase "run", timed
 * in its wall time. Repeats while finalizers queue more (a finalizer that drops the last path to
 * another finalizable object). Returns how many ran.
 */
function drainFinalizers(rt: Runtime): number {
  let ran = 0;
  for (let n = rt.runPendingFinalizers(); n > 0; n = rt.runPendingFinalizers()) ran += n;
  return ran;
}

/** Whether the strategy keeps CPython's preallocated small ints (-5..256): `int(0)` allocates nothing. */
function cachesSmallInts(rt: Runtime): boolean {
  return (rt.strategy.cachedInt?.(0) ?? 0) !== 0;
}

/** The oldest generation, then the finalizers it queued, then again for what they released. */
function fullCollection(rt: Runtime): void {
  const oldest = rt.strategy.constraints.generations - 1;
  rt.collect(oldest, "shutdown");
  if (rt.runPendingFinalizers() > 0) rt.collect(oldest, "shutdown");
}

/** Objects the strategy holds, counted by walking its heap. */
function countObjects(rt: Runtime): number {
  let n = 0;
  rt.strategy.forEachObject(() => {
    n++;
  });
  return n;
}
