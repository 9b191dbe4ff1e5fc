import { bytes, count, counted, ms, ordinal } from "./format";
import type { RunResult } from "./result";
import { TIMING_FIGURES, type TimingFigure, WIDE_RELATIVE_SPREAD } from "./spread";

/**
 * When a strategy's collections reclaimed garbage during the run: the first collection that found any,
 * as "its Nth gen-G collection", and how many objects all collections found.
 */
function whenReclaimed(r: RunResult): string | null {
  const found = r.collectionLog.reduce((a, c) => a + c.collected, 0);
  const first = r.collectionLog.findIndex((c) => c.collected > 0);
  if (found === 0 || first < 0) return null;
  const c = r.collectionLog[first]!;
  const nthOfGen = r.collectionLog.slice(0, first + 1).filter((x) => x.generation === c.generation).length;
  const gens = r.constraints.generations > 1 ? ` gen-${c.generation}` : "";
  return `${r.strategy} reclaimed ${count(found)} during the run, starting at its ${ordinal(nthOfGen)}${gens} collection (allocation ${count(c.atAllocation)})`;
}

/** Why a strategy could not reclaim objects the program no longer reached, from its constraints. */
function whyLeaked(r: RunResult): string {
  const c = r.constraints;
  // Only a leak of a meaningful share of the run is explained as cycles; a handful of objects can be
  // a strategy's caches (free lists) that it counts as held.
  const large = r.leakedObjects >= 0.01 * r.allocations;
  if (large && c.referenceCounting && !c.reclaimsCycles)
    return " — they are in cycles, and reference counting alone never frees a cycle";
  const ran = Object.values(r.collections).reduce((a, b) => a + b, 0);
  if (!c.referenceCounting && ran === 0 && c.generations === 1 && !c.reclaimsCycles)
    return " — it never frees anything";
  return "";
}

/** Findings about one workload's runs (all strategies). */
function workloadFindings(runs: readonly RunResult[], all: readonly RunResult[]): string[] {
  const out: string[] = [];
  const ok = runs.filter((r) => r.error === null);
  for (const r of runs) if (r.error !== null) out.push(`${r.strategy} failed: ${r.error}`);
  for (const r of ok) {
    if (r.leakedObjects > 0)
      out.push(
        `${r.strategy} leaked ${counted(r.leakedObjects, "object")} the program no longer reached${whyLeaked(r)}.`,
      );
  }
  const allocs = allocationsDiffer(ok);
  if (allocs !== null) out.push(allocs);
  for (const r of ok) {
    const when = whenReclaimed(r);
    if (when !== null) out.push(`${when}.`);
  }
  // Objects the program itself kept reachable from its globals: a logical leak no collector can fix.
  const reclaiming = ok.filter((r) => r.constraints.referenceCounting || r.constraints.reclaimsCycles);
  const fixRuns = all.filter(
    (x) =>
      x.workload === `${runs[0]!.workload}-fixed` &&
      x.error === null &&
      (x.constraints.referenceCounting || x.constraints.reclaimsCycles),
  );
  if (reclaiming.length > 0 && fixRuns.length > 0) {
    const kept = Math.min(...reclaiming.map((r) => r.retainedObjects));
    const fixKept = Math.max(...fixRuns.map((r) => r.retainedObjects));
    out.push(
      `Under every strategy that frees, ${count(kept)} objects stayed reachable from the program's globals at the end; ` +
        `${fixRuns[0]!.workload} keeps at most ${count(fixKept)}.`,
    );
  }
  // Finalizers.
  for (const r of ok) {
    const during = r.finalizers.filter((f) => f.phase === "run");
    if (during.length === 0) continue;
    const byRc = during.filter((f) => f.gcSeq === 0).length;
    const gens = [...new Set(during.filter((f) => f.generation !== null).map((f) => f.generation))];
    const how =
      byRc === during.length
        ? "each the moment its last reference went"
        : `in collections of generation ${gens.join(", ")}`;
    const drained =
      r.finalizersDrained > 0
        ? ` (${count(r.finalizersDrained)} of them queued by its last collection and run when the program ended, as Jython's and IronPython's gc.collect() wait for them)`
        : "";
    out.push(`${r.strategy} ran ${counted(during.length, "finalizer")} during the run, ${how}${drained}.`);
  }
  const noFin = ok.filter((r) => r.finalizers.length === 0 && runs.some((x) => x.finalizers.length > 0));
  if (noFin.length > 0) out.push(`${noFin.map((r) => r.strategy).join(", ")} never ran a finalizer.`);
  // Pauses, memory, time.
  const paused = ok.filter((r) => r.pauses.length > 0);
  if (paused.length > 0) {
    const worst = paused.reduce((a, b) => (b.maxPauseMs > a.maxPauseMs ? b : a));
    out.push(
      `Longest pause: ${worst.strategy}, ${ms(worst.maxPauseMs)} (p99 ${ms(worst.p99PauseMs)}, total ${ms(worst.totalPauseMs)}).`,
    );
  }
  if (ok.length > 1) {
    const held = extremes(ok, (r) => r.peakHeapBytes);
    const used = extremes(ok, (r) => r.peakUsedBytes);
    if (bytes(held.hi.peakHeapBytes) !== bytes(held.lo.peakHeapBytes))
      out.push(
        `Peak heap reserved from the OS: ${bytes(held.lo.peakHeapBytes)} under ${held.lo.strategy} to ${bytes(held.hi.peakHeapBytes)} under ${held.hi.strategy}; ` +
          `of it in objects (garbage not yet collected included): ${
            bytes(used.lo.peakUsedBytes) === bytes(used.hi.peakUsedBytes)
              ? `${bytes(used.hi.peakUsedBytes)} under each`
              : `${bytes(used.lo.peakUsedBytes)} under ${used.lo.strategy} to ${bytes(used.hi.peakUsedBytes)} under ${used.hi.strategy}`
          }. ` +
          "A strategy reserves ahead of use: whole arenas, both halves of a semispace, a whole young generation.",
      );
  }
  const returned = ok.filter((r) => r.bytesReturned > 0);
  if (returned.length > 0)
    out.push(
      `Returned to the operating system: ${returned.map((r) => `${r.strategy} ${bytes(r.bytesReturned)}`).join(", ")}` +
        (returned.length < ok.length
          ? `; ${ok
              .filter((r) => r.bytesReturned === 0)
              .map((r) => r.strategy)
              .join(", ")} returned nothing.`
          : "."),
    );
  const wide = wideSpreads(ok);
  if (wide !== null) out.push(wide);
  return out;
}

/** `"a"`, `"a and b"`, `"a, b and c"`. */
function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** The runs with the smallest and largest `value`. */
function extremes(
  runs: readonly RunResult[],
  value: (r: RunResult) => number,
): { lo: RunResult; hi: RunResult } {
  return {
    lo: runs.reduce((a, b) => (value(b) < value(a) ? b : a)),
    hi: runs.reduce((a, b) => (value(b) > value(a) ? b : a)),
  };
}

/**
 * Why one program allocated a different number of objects under different strategies: the strategies
 * that keep CPython's preallocated small ints make no object for `int(0)`. Null when all agree.
 */
function allocationsDiffer(runs: readonly RunResult[]): string | null {
  const counts = [...new Set(runs.map((r) => r.allocations))].sort((a, b) => a - b);
  if (counts.length < 2) return null;
  const by = counts.map(
    (n) =>
      `${runs
        .filter((r) => r.allocations === n)
        .map((r) => r.strategy)
        .join(", ")} ${count(n)}`,
  );
  const cachers = runs.filter((r) => r.cachesSmallInts);
  const fewest = runs.filter((r) => r.allocations === counts[0]);
  const explained =
    counts.length === 2 && cachers.length === fewest.length && fewest.every((r) => r.cachesSmallInts)
      ? `: the same program, but ${listed(cachers.map((r) => r.strategy))} keep CPython's preallocated small ints (-5 to 256), so each int(0) or int(1) it makes allocates nothing there`
      : "";
  return `Allocations differ (${by.join("; ")})${explained}.`;
}

const FIGURE_NAMES: Record<TimingFigure, string> = {
  wallSeconds: "time",
  totalPauseMs: "total pause",
  maxPauseMs: "longest pause",
  p99PauseMs: "p99 pause",
  mmu: "MMU",
};

/** A range of a timing as the findings show it: `"1.27–1.39 s"`, `"7.03–60.4 ms"`, `"0–17%"`. */
function range(f: TimingFigure, lo: number, hi: number): string {
  if (f === "wallSeconds")
    return hi < 1 ? range("maxPauseMs", lo * 1000, hi * 1000) : `${lo.toFixed(2)}–${hi.toFixed(2)} s`;
  if (f === "mmu") return `${(lo * 100).toFixed(0)}–${(hi * 100).toFixed(0)}%`;
  return `${ms(lo).replace(" ms", "")}–${ms(hi)}`;
}

/** Whether two runs-lists of a timing are the same numbers (p99 and total equal the longest pause when there was one pause). */
const same = (a: readonly (number | null)[], b: readonly (number | null)[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The timings whose runs disagreed too much to trust the median alone, with their ranges, one group per
 * strategy; a p99 or total that repeats the longest pause is left out. Null when every timing was
 * steady (or only one run was measured: nothing to compare).
 */
function wideSpreads(runs: readonly RunResult[]): string | null {
  const groups: string[] = [];
  for (const r of runs) {
    if (r.runs < 2) continue;
    const parts: string[] = [];
    for (const f of TIMING_FIGURES) {
      const s = r.spread[f];
      if (!s.wide || s.min === null || s.max === null) continue;
      if ((f === "p99PauseMs" || f === "totalPauseMs") && same(s.values, r.spread.maxPauseMs.values))
        continue;
      parts.push(`${FIGURE_NAMES[f]} ${range(f, s.min, s.max)}`);
    }
    if (parts.length > 0) groups.push(`${r.strategy} ${parts.join(", ")}`);
  }
  if (groups.length === 0) return null;
  const n = Math.max(...runs.map((r) => r.runs));
  return (
    `Wide spread over ${n} runs (range over ${WIDE_RELATIVE_SPREAD * 100}% of the median, or 10 points of MMU), read those medians as rough: ` +
    `${groups.join("; ")}. More --runs or a quieter machine narrows them.`
  );
}

/**
 * Short plain-language findings computed from the numbers, grouped by workload, e.g.
 * "refcount leaked 4,000 objects the program no longer reached — they are in cycles, …".
 *
 * @example
 * for (const [workload, lines] of findings(results)) console.log(workload, lines);
 */
export function findings(results: readonly RunResult[]): Map<string, string[]> {
  const byWorkload = new Map<string, RunResult[]>();
  for (const r of results) {
    const list = byWorkload.get(r.workload) ?? [];
    list.push(r);
    byWorkload.set(r.workload, list);
  }
  const out = new Map<string, string[]>();
  for (const [w, runs] of byWorkload) out.set(w, workloadFindings(runs, results));
  return out;
}
