import type { CPythonProfile, Strategy } from "@heaplab/runtime";

/**
 * The facts of a `cpython-3.x` strategy's `CPythonProfile` that explain a difference a comparison can
 * measure, copied into the run's result as plain data (the dashboard posts results out of a Worker,
 * and a profile holds functions). The version findings explain numbers from these, never from a
 * strategy's name or a workload.
 *
 * @example
 * const f = cpythonFactsOf(strategy);
 * f?.thresholds[0]; // 700 under cpython-3.11, 2000 under cpython-3.13
 */
export interface CPythonFacts {
  /** `major.minor`: `"3.13"`. */
  version: string;
  /** The release the profile was checked against: `"3.13.0"`. */
  release: string;
  /** `gc.get_threshold()` at start. */
  thresholds: [number, number, number];
  /** Where an automatic collection runs: inside the allocation (3.11) or at the next eval-breaker check (3.12+). */
  trigger: "allocation" | "eval-breaker";
  /** Three generations, or 3.14's incremental collector (young + increments of the old generation). */
  collector: "generational" | "incremental";
  /** `maintain`: a dict is tracked once it may hold a container (3.11–3.13); `always`: from creation (3.14). */
  dictTracking: "maintain" | "always";
  /** Whether the version has immortal objects (PEP 683, 3.12+). */
  immortalObjects: boolean;
  /** GC-tracked immortal containers the interpreter has at start (375 on 3.12.1). */
  immortalContainersAtStart: number;
}

/**
 * The facts of `strategy`'s CPython profile, or null when the strategy does not model a CPython
 * release under its own name (the tracing strategies; `refcount`, which counts as 3.11 does but is not
 * 3.11's collector).
 *
 * @example
 * cpythonFactsOf(catalog.get("cpython-3.12").create())?.trigger; // "eval-breaker"
 */
export function cpythonFactsOf(strategy: Strategy): CPythonFacts | null {
  const p: CPythonProfile | undefined = strategy.profile;
  if (p === undefined || p.strategyName !== strategy.name) return null;
  return {
    version: p.version,
    release: p.release,
    thresholds: [...p.gc.thresholds],
    trigger: p.gc.trigger,
    collector: p.gc.collector,
    dictTracking: p.gc.dictTracking,
    immortalObjects: p.refcount.immortalRefcnt !== null,
    immortalContainersAtStart: p.gc.immortalContainersAtStart,
  };
}
