import type { Handle, Runtime } from "@heaplab/runtime";
import type { WorkloadContext } from "./workload";

/**
 * Callbacks for `createWorkloadContext`; all optional.
 * @example
 * createWorkloadContext(rt, { seed: 7, onPrint: (line) => console.log(line) });
 */
export interface WorkloadContextOptions {
  seed?: number;
  onSite?: (label: string) => void;
  onProgress?: (done: number, total: number) => void;
  onPrint?: (line: string) => void;
}

/**
 * A `WorkloadContext` that remembers the globals a workload declared and the lines it printed.
 * @example
 * const ctx = createWorkloadContext(rt);
 * w.run(rt, w.params, ctx);
 * ctx.globals.size; ctx.output; ctx.releaseGlobals();
 */
export interface WorkloadContextImpl extends WorkloadContext {
  /** Module-level state by name (persistent handles), in declaration order. */
  readonly globals: ReadonlyMap<string, Handle>;
  /** Lines printed so far. */
  readonly output: readonly string[];
  /** The current allocation-site label ("" before any `site` call). */
  readonly currentSite: string;
  /** Ends the "program": releases every global, so only what no one can reach stays (under refcount, cycles). */
  releaseGlobals(): void;
}

/**
 * Makes the context a runner passes to `Workload.run` on runtime `rt` (one context per run).
 *
 * @example
 * const ctx = createWorkloadContext(rt, { seed: 42, onPrint: console.log });
 * getWorkload("binary-trees").run(rt, { depth: 6 }, ctx);
 * ctx.releaseGlobals();
 */
export function createWorkloadContext(
  rt: Runtime,
  options: WorkloadContextOptions = {},
): WorkloadContextImpl {
  const globals = new Map<string, Handle>();
  const output: string[] = [];
  let currentSite = "";
  return {
    seed: options.seed ?? 1,
    site(label) {
      currentSite = label;
      options.onSite?.(label);
    },
    progress(done, total) {
      options.onProgress?.(done, total);
    },
    global(name, h) {
      const old = globals.get(name);
      const p = rt.persistent(h);
      if (old !== undefined) rt.release(old);
      globals.set(name, p);
      return p;
    },
    print(line) {
      output.push(line);
      options.onPrint?.(line);
    },
    get globals() {
      return globals;
    },
    get output() {
      return output;
    },
    get currentSite() {
      return currentSite;
    },
    releaseGlobals() {
      for (const h of globals.values()) rt.release(h);
      globals.clear();
    },
  };
}
