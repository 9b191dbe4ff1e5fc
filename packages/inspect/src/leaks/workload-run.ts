import { type Handle, Runtime, type Strategy } from "@heaplab/runtime";
import { objectIds } from "../core/object-ids";
import { Tracemalloc } from "../tracemalloc/tracer";

/**
 * A workload parameter's value (as `@heaplab/workloads` defines it).
 * @example
 * const params: Record<string, ParamValue> = { iterations: 100, fixed: false };
 */
export type ParamValue = number | string | boolean;

/**
 * What the inspection tools give a running workload: `@heaplab/workloads`' `WorkloadContext`, stated
 * here by shape so this package does not depend on the workloads.
 * @example
 * run(rt, params, ctx) { ctx.site("cache.py:3"); const cache = ctx.global("cache", rt.newDict()); }
 */
export interface InspectContext {
  readonly seed: number;
  site(label: string): void;
  progress(done: number, total: number): void;
  global(name: string, h: Handle): Handle;
  print(line: string): void;
}

/**
 * A workload as `@heaplab/workloads` defines it (only what the tools use).
 * @example
 * const w: InspectableWorkload = { name: "grow", params: { n: 10 }, run: (rt, p, ctx) => { ctx.global("xs", rt.newList()); } };
 */
export interface InspectableWorkload {
  readonly name: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly fixes?: string;
  run(rt: Runtime, params: Readonly<Record<string, ParamValue>>, ctx: InspectContext): void;
}

/**
 * One finished, traced run of a workload; its globals are still held (they are the program's roots).
 * @example
 * const run = tracedRun(workload, () => createRefcountStrategy());
 * run.tracer.takeSnapshot().statistics("lineno");
 */
export interface TracedRun {
  readonly rt: Runtime;
  readonly tracer: Tracemalloc;
  /** Handle slot index → the global's name (`_cache`, `bus.listeners`), to name chains' roots. */
  readonly rootNames: ReadonlyMap<number, string>;
  /** Bytes the program allocated for objects (header + body) during the run. */
  readonly allocatedBytes: number;
  /**
   * Whether the object at `addr` existed before the program started: the runtime's own (small ints,
   * the empty tuple, interned strings), which no handle reaches and the strategy keeps for good.
   */
  readonly preexisting: (addr: number) => boolean;
}

/**
 * Numbers every object the strategy holds now (they take serials before anything allocated later) and
 * returns the test "did the object at `addr` exist at this call": the runtime's own objects (small ints,
 * the empty tuple, interned strings), or an interpreter's built-ins, as opposed to the program's.
 * @example
 * const preexisting = objectsSoFar(rt);
 * program(rt);
 * heldUnreachable(rt, preexisting);
 */
export function objectsSoFar(rt: Runtime): (addr: number) => boolean {
  const ids = objectIds(rt);
  let last = 0;
  rt.strategy.forEachObject((obj) => {
    last = Math.max(last, ids.serial(obj));
  });
  return (addr) => {
    const s = ids.peek(addr);
    return s > 0 && s <= last;
  };
}

/** Options of `tracedRun`. */
export interface TracedRunOptions {
  /**
   * Called with `(0, 1)` just before the workload starts, then at each of its progress reports
   * (`ctx.progress(done, total)`), with the tracer: the points of a run where the caller may take a
   * snapshot (`tracer.takeSnapshot()`) to compare two phases of it.
   */
  onPhase?: (done: number, total: number, tracer: Tracemalloc) => void;
}

/**
 * Runs `w` on a fresh runtime with tracemalloc started, labelling allocations with the workload's site
 * labels, then collects and runs pending finalizers (as one calls `gc.collect()` before a snapshot), so
 * what remains is what the program keeps.
 * @example
 * const run = tracedRun(getWorkload("leak-listener"), () => createRefcountStrategy(), { iterations: 100 });
 * run.tracer.takeSnapshot().statistics("lineno");
 */
export function tracedRun(
  w: InspectableWorkload,
  createStrategy: () => Strategy,
  overrides: Readonly<Record<string, ParamValue>> = {},
  heapLimit = 256 << 20,
  options: TracedRunOptions = {},
): TracedRun {
  const rt = new Runtime(createStrategy(), { heapLimit });
  const preexisting = objectsSoFar(rt);
  const tracer = new Tracemalloc(rt);
  tracer.start();
  const rootNames = new Map<number, string>();
  const globals = new Map<string, Handle>();
  const ctx: InspectContext = {
    seed: 1,
    site: (label) => tracer.site(label),
    progress: (done, total) => options.onPhase?.(done, total, tracer),
    global(name, h) {
      const p = rt.persistent(h);
      const old = globals.get(name);
      if (old !== undefined) {
        rootNames.delete(rt.handles.index(old));
        rt.release(old);
      }
      globals.set(name, p);
      rootNames.set(rt.handles.index(p), name);
      return p;
    },
    print: () => {},
  };
  const before = rt.stats().allocatedBytes;
  const mark = rt.openScope();
  try {
    options.onPhase?.(0, 1, tracer);
    w.run(rt, { ...w.params, ...overrides }, ctx);
  } finally {
    rt.closeScope(mark);
  }
  const allocatedBytes = rt.stats().allocatedBytes - before;
  rt.collect();
  rt.runPendingFinalizers();
  tracer.clearSite();
  return { rt, tracer, rootNames, allocatedBytes, preexisting };
}
