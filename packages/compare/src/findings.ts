import { bytes, count, ms, ordinal } from "./format";
import type { RunResult } from "./result";

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
        `${r.strategy} leaked ${count(r.leakedObjects)} objects the program no longer reached${whyLeaked(r)}.`,
      );
  }
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
    out.push(`${r.strategy} ran ${count(during.length)} finalizers during the run, ${how}.`);
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
    const lo = ok.reduce((a, b) => (b.peakHeapBytes < a.peakHeapBytes ? b : a));
    const hi = ok.reduce((a, b) => (b.peakHeapBytes > a.peakHeapBytes ? b : a));
    if (bytes(hi.peakHeapBytes) !== bytes(lo.peakHeapBytes))
      out.push(
        `Peak heap: ${bytes(lo.peakHeapBytes)} under ${lo.strategy} to ${bytes(hi.peakHeapBytes)} under ${hi.strategy}.`,
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
  return out;
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
