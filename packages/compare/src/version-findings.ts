import type { CPythonFacts } from "./cpython-facts";
import { bytes, count, ms } from "./format";
import type { RunResult } from "./result";

/**
 * What the CPython versions did differently, in words: for every workload run under two or more
 * `cpython-3.x` strategies, each version against the one before it — collections per generation with
 * their pauses, where the automatic collections came, peak heap, when finalizers ran — and the change
 * in the collector that explains each difference, named from the facts each run carries
 * (`RunResult.cpython`, the strategy's `CPythonProfile`). A cause is claimed only where the numbers
 * bear it out (the collections ratio near the thresholds' ratio, the same allocations one later);
 * otherwise the difference is stated alone.
 */
export interface VersionFindings {
  /** Findings that hold for every workload (what a version starts with). */
  general: string[];
  /** Findings per workload, in the order the results list the workloads. */
  byWorkload: Map<string, string[]>;
}

/** A run under a `cpython-3.x` strategy, with its facts. */
type VersionRun = RunResult & { cpython: CPythonFacts };

/**
 * How far a measured collections count may sit from the count the thresholds' ratio predicts and still
 * be explained by it: the young generation counts tracked objects net of those freed, which the
 * allocations of a program do not fix exactly, so the prediction is rough.
 */
const RATIO_TOLERANCE = 1.5;

/**
 * The version findings of `results` (any workloads × strategies); empty when fewer than two
 * `cpython-3.x` strategies ran.
 *
 * @example
 * const v = versionFindings(compareStrategies(demoSet, ["cpython-3.11", "cpython-3.13"], { catalog }));
 * v.byWorkload.get("binary-trees");
 * // ["cpython-3.13: 18 young + 1 gen-1 collections, 2.21 ms paused (longest 0.273 ms); cpython-3.11: 37 young
 * //   + 3 gen-1 collections, …: 3.13 raised threshold 0 from 700 to 2000, so generation 0 fills 2.9× less often.", …]
 */
export function versionFindings(results: readonly RunResult[]): VersionFindings {
  const runs = results.filter((r): r is VersionRun => r.cpython !== null && r.error === null);
  const versions = [...new Set(runs.map((r) => r.strategy))].sort(
    (x, y) => minor(runs.find((r) => r.strategy === x)!) - minor(runs.find((r) => r.strategy === y)!),
  );
  const out: VersionFindings = { general: [], byWorkload: new Map() };
  if (versions.length < 2) return out;
  const workloads = [...new Set(runs.map((r) => r.workload))];
  for (let i = 1; i < versions.length; i++) {
    const pairs = workloads.flatMap((w) => {
      const a = runs.find((r) => r.workload === w && r.strategy === versions[i - 1]);
      const b = runs.find((r) => r.workload === w && r.strategy === versions[i]);
      return a && b ? [{ a, b }] : [];
    });
    const start = startFinding(pairs);
    if (start !== null) out.general.push(start);
    const everywhere = schedulingEverywhere(pairs);
    if (everywhere !== null) out.general.push(everywhere);
    for (const { a, b } of pairs) {
      const lines = pairFindings(a, b, everywhere !== null);
      if (lines.length === 0) continue;
      out.byWorkload.set(a.workload, [...(out.byWorkload.get(a.workload) ?? []), ...lines]);
    }
  }
  return out;
}

/** The minor version number, for ordering: 3.9 before 3.11. */
function minor(r: VersionRun): number {
  return Number(r.cpython.version.split(".")[1]);
}

/** `3.13`: how a finding names a release. */
const v = (r: VersionRun): string => r.cpython.version;

/** The collections that ran automatically (a threshold crossed), not the program's `gc.collect()`. */
function automatic(r: RunResult): RunResult["collectionLog"] {
  return r.collectionLog.filter((c) => c.reason === "threshold" || c.reason === "allocation");
}

/**
 * What the versions start with, when it differs the same way on every workload: bytes in objects
 * before the program allocated (3.12's immortal containers). Null when they start alike.
 */
function startFinding(pairs: readonly { a: VersionRun; b: VersionRun }[]): string | null {
  const first = pairs[0];
  if (first === undefined) return null;
  const diff = first.b.startUsedBytes - first.a.startUsedBytes;
  if (diff === 0 || pairs.some(({ a, b }) => b.startUsedBytes - a.startUsedBytes !== diff)) return null;
  const { a, b } = first;
  const [na, nb] = [a.cpython.immortalContainersAtStart, b.cpython.immortalContainersAtStart];
  const cause =
    na !== nb && nb > na === diff > 0
      ? `: ${b.cpython.release} has ${nb === 0 ? "no" : count(nb)} immortal containers (PEP 683) in the permanent generation at start, ${a.cpython.release} ${na === 0 ? "none" : count(na)}`
      : "";
  return `${b.strategy} starts with ${bytes(Math.abs(diff))} ${diff > 0 ? "more" : "less"} in objects than ${a.strategy} before a program allocates anything${cause}.`;
}

/**
 * The eval-breaker finding once for all workloads, when on every workload that collected `b` made
 * `a`'s automatic collections each one allocation later (see `shiftedByEvalBreaker`). Null otherwise.
 */
function schedulingEverywhere(pairs: readonly { a: VersionRun; b: VersionRun }[]): string | null {
  const collected = pairs.filter(({ a, b }) => automatic(a).length > 0 || automatic(b).length > 0);
  if (collected.length === 0 || !collected.every(({ a, b }) => shiftedByEvalBreaker(a, b))) return null;
  const { a, b } = collected[0]!;
  const n = collected.reduce((t, p) => t + automatic(p.b).length, 0);
  return (
    `${b.strategy} made the same ${count(n)} automatic collections as ${a.strategy} on the ${collected.length === 1 ? "workload" : `${collected.length} workloads`} that collected, each one allocation later ` +
    `(${a.workload}: first at allocation ${count(automatic(b)[0]!.atAllocation)}, not ${count(automatic(a)[0]!.atAllocation)}), finalizers with them: ${SCHEDULED(b)}.`
  );
}

/** The eval-breaker change in words. */
const SCHEDULED = (b: VersionRun): string =>
  `${v(b)} schedules a collection when generation 0 passes its threshold and runs it at the next eval-breaker check (gh-97922), for a workload the start of its next allocation, not inside the allocation that crossed it`;

/** The findings of one workload under two versions, `a` the older. */
function pairFindings(a: VersionRun, b: VersionRun, schedulingSaid: boolean): string[] {
  const lines: string[] = [];
  const collections = collectionsFinding(a, b);
  if (collections !== null) lines.push(collections);
  const timing = schedulingSaid ? null : triggerFinding(a, b);
  if (timing !== null) lines.push(timing);
  const peak = peakFinding(a, b);
  if (peak !== null) lines.push(peak);
  // A shift the trigger finding explained moves the finalizers those collections ran with it.
  const fin = shiftedByEvalBreaker(a, b) ? null : finalizerFinding(a, b);
  if (fin !== null) lines.push(fin);
  return lines;
}

/** `"18 young + 1 gen-1 collections, 8.01 ms paused (longest 5.29 ms)"`, in the words of the run's collector. */
function describeCollections(r: VersionRun): string {
  const auto = automatic(r);
  const parts: string[] = [];
  for (const g of [0, 1, 2]) {
    const n = auto.filter((c) => c.generation === g).length;
    if (n > 0) parts.push(`${count(n)} ${generationName(r.cpython, g, n)}`);
  }
  if (parts.length === 0) return "no automatic collection";
  // "18 young + 1 gen-1 collections": one noun for the generational collector's kinds of collection.
  const noun =
    r.cpython.collector === "incremental" ? "" : auto.length === 1 ? " collection" : " collections";
  return `${parts.join(" + ")}${noun}, ${ms(r.totalPauseMs)} paused (longest ${ms(r.maxPauseMs)})`;
}

/**
 * A generation as the collector calls its collections: 3.14 reports an increment as generation 1, and
 * its names carry their own noun (`"19 increments"`); the generational ones share one (`"18 young"`).
 */
function generationName(f: CPythonFacts, g: number, n: number): string {
  const s = n === 1 ? "" : "s";
  if (f.collector === "incremental")
    return g === 0 ? `young collection${s}` : g === 1 ? `increment${s}` : `full collection${s}`;
  return g === 0 ? "young" : `gen-${g}`;
}

/**
 * Collections per generation (with their pauses) when they differ, and the change that explains it:
 * threshold 0 (the count ratio within `RATIO_TOLERANCE` of the thresholds' inverse ratio, or within
 * one collection), the incremental collector (increments where there were young and gen-1/2
 * collections), its counting of tracked objects (fewer collections at the same threshold), or 3.14's
 * dict tracking (more).
 */
function collectionsFinding(a: VersionRun, b: VersionRun): string | null {
  const da = describeCollections(a);
  const db = describeCollections(b);
  const na = automatic(a).length;
  const nb = automatic(b).length;
  const sameShape = sameCounts(a, b);
  if (sameShape) return null;
  const head = `${b.strategy}: ${db}; ${a.strategy}: ${da}`;
  const causes: string[] = [];
  const [ta, tb] = [a.cpython.thresholds[0], b.cpython.thresholds[0]];
  if (ta !== tb) {
    const expected = (na * ta) / tb;
    const fits =
      Math.abs(nb - expected) <= 1 ||
      (nb > 0 && nb / expected <= RATIO_TOLERANCE && expected / nb <= RATIO_TOLERANCE);
    if (fits)
      causes.push(
        `${v(b)} ${tb > ta ? "raised" : "lowered"} threshold 0 from ${ta} to ${tb}, so generation 0 fills ${(Math.max(ta, tb) / Math.min(ta, tb)).toFixed(1)}× ${tb > ta ? "less" : "more"} often`,
      );
  }
  if (a.cpython.collector !== b.cpython.collector && b.cpython.collector === "incremental") {
    const bAuto = automatic(b);
    if (nb > 0 && bAuto.every((c) => c.generation === 1))
      causes.push(
        `${v(b)}'s incremental collector (gh-108362) collects the young generation with an increment of the old one (generation 1) instead of young and older-generation collections`,
      );
    if (ta === tb && nb < na)
      causes.push(
        `${v(b)} counts an object towards threshold 0 when it is tracked, not allocated, and tracks a tuple only once it holds a container (gh-139951), so fewer objects count`,
      );
    else if (
      ta === tb &&
      nb > na &&
      b.cpython.dictTracking === "always" &&
      a.cpython.dictTracking !== "always"
    )
      causes.push(
        `${v(b)} tracks every dict from its creation (gh-127010), so more objects count towards threshold 0`,
      );
  }
  return causes.length === 0 ? `${head}.` : `${head}: ${causes.join("; ")}.`;
}

/** Whether two runs made the same automatic collections of each generation. */
function sameCounts(a: RunResult, b: RunResult): boolean {
  const ca = automatic(a);
  const cb = automatic(b);
  return [0, 1, 2].every(
    (g) => ca.filter((c) => c.generation === g).length === cb.filter((c) => c.generation === g).length,
  );
}

/**
 * Where the automatic collections came, when only the trigger changed (3.11 → 3.12): with the same
 * collections, each one exactly one allocation later is a collection scheduled at the threshold and
 * run at the next eval-breaker check, which a workload reaches at its next allocation. Any other shift
 * is stated without a cause.
 */
function triggerFinding(a: VersionRun, b: VersionRun): string | null {
  const ca = automatic(a);
  const cb = automatic(b);
  if (ca.length === 0 || ca.length !== cb.length) return null;
  const shifts = new Set(ca.map((c, i) => cb[i]!.atAllocation - c.atAllocation));
  if (shifts.size === 1 && shifts.has(0)) return null;
  const head = `${b.strategy}'s first automatic collection came at allocation ${count(cb[0]!.atAllocation)}, ${a.strategy}'s at ${count(ca[0]!.atAllocation)}`;
  if (shiftedByEvalBreaker(a, b))
    return `${head}: ${cb.length === 1 ? "its one automatic collection" : `each of its ${count(cb.length)} automatic collections`} (and the finalizers it ran) came one allocation later, because ${SCHEDULED(b)}.`;
  return `${head}.`;
}

/**
 * Whether `b` made the same automatic collections as `a`, each exactly one allocation later, and the
 * only change in when a collection runs is 3.12's scheduling to the eval breaker (same threshold 0).
 */
function shiftedByEvalBreaker(a: VersionRun, b: VersionRun): boolean {
  const ca = automatic(a);
  const cb = automatic(b);
  return (
    ca.length > 0 &&
    ca.length === cb.length &&
    ca.every((c, i) => cb[i]!.atAllocation - c.atAllocation === 1 && cb[i]!.generation === c.generation) &&
    a.cpython.trigger === "allocation" &&
    b.cpython.trigger === "eval-breaker" &&
    a.cpython.thresholds[0] === b.cpython.thresholds[0]
  );
}

/**
 * Peak bytes in objects when they differ beyond what the versions start with: with fewer automatic
 * collections, garbage in cycles waits longer for one (the cause claimed only in that direction).
 */
function peakFinding(a: VersionRun, b: VersionRun): string | null {
  const own = (r: RunResult): number => r.peakUsedBytes - r.startUsedBytes;
  if (bytes(own(a)) === bytes(own(b))) return null;
  const start = a.startUsedBytes !== b.startUsedBytes ? " (beyond what each starts with)" : "";
  const head = `Peak in objects${start}: ${bytes(own(b))} under ${b.strategy}, ${bytes(own(a))} under ${a.strategy}`;
  const na = automatic(a).length;
  const nb = automatic(b).length;
  const fewerHigher = (nb < na && own(b) > own(a)) || (nb > na && own(b) < own(a));
  const held =
    a.peakHeapBytes !== b.peakHeapBytes
      ? `; reserved from the OS ${bytes(b.peakHeapBytes)} and ${bytes(a.peakHeapBytes)}`
      : "";
  return fewerHigher
    ? `${head}${held}: with ${nb < na ? "fewer" : "more"} automatic collections, garbage in cycles waited ${nb < na ? "longer" : "less"} for one to find it.`
    : `${head}${held}.`;
}

/**
 * When the finalizers ran, when that differs: how many during the run and the allocation of the
 * first. Finalizers of objects in cycles wait for a collection, so when `a`'s ran in collections and
 * `b`'s first automatic collection came later (or never), that is the cause.
 */
function finalizerFinding(a: VersionRun, b: VersionRun): string | null {
  const during = (r: RunResult) => r.finalizers.filter((f) => f.phase === "run");
  const fa = during(a);
  const fb = during(b);
  const firstA = fa[0]?.atAllocation ?? null;
  const firstB = fb[0]?.atAllocation ?? null;
  if (fa.length === fb.length && firstA === firstB) return null;
  const when = (r: RunResult, f: typeof fa): string => {
    const exit = r.finalizers.length - f.length;
    const atExit = exit > 0 ? `${count(exit)} at exit` : "";
    if (f.length === 0) return `none during the run${atExit ? ` (${atExit})` : ""}`;
    const g = f[0]!.generation;
    const where = g === null ? "freed by reference counting" : `in a generation-${g} collection`;
    return `${count(f.length)} during the run, the first at allocation ${count(f[0]!.atAllocation)} ${where}${atExit ? `, ${atExit}` : ""}`;
  };
  const head = `Finalizers: ${b.strategy} ran ${when(b, fb)}; ${a.strategy} ran ${when(a, fa)}`;
  const aByCollection = fa.length > 0 && fa[0]!.generation !== null;
  const firstCollectionB = automatic(b)[0]?.atAllocation ?? null;
  const later = firstA !== null && (firstCollectionB === null || firstCollectionB > firstA);
  if (!aByCollection || !later) return `${head}.`;
  const whenB =
    firstCollectionB === null
      ? `${b.strategy} made no automatic collection`
      : `${b.strategy}'s first automatic collection came at allocation ${count(firstCollectionB)}`;
  return `${head}: they wait for a collection to find their cycles, and ${whenB}.`;
}
