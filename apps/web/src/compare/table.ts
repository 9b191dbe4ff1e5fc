import type { FigureSpread, RunResult } from "@heaplab/compare";
import { bytes, count, ms } from "@heaplab/compare/internals";
import { escapeHtml } from "../ui/dom";

/**
 * A timing as its median with the measured runs' range after it, `12.3 ms (11.8–13.0)`, marked `~`
 * when the range is wide (see `WIDE_RELATIVE_SPREAD`); one run has no range.
 *
 * @example
 * withRange(r.spread.maxPauseMs, ms); // "1.20 ms (1.10–1.45)"
 */
export function withRange(s: FigureSpread, format: (v: number) => string): string {
  if (s.median === null) return "-";
  const m = format(s.median);
  // One run, or runs that agree to the clock's resolution: no range to show.
  if (s.values.length < 2 || s.min === null || s.max === null || s.min === s.max) return m;
  const bare = (v: number) => format(v).replace(/ (ms|%)$/, "");
  return `${s.wide ? "~" : ""}${m} (${bare(s.min)}–${format(s.max)})`;
}
const pct = (v: number): string => `${(v * 100).toFixed(0)}%`;

/**
 * The columns of the comparison table: header, and the cell text (with its unit) for a run.
 *
 * @example
 * COLUMNS.map(([header, cell]) => `${header}: ${cell(result)}`);
 */
export const COLUMNS: [string, (r: RunResult) => string][] = [
  ["workload", (r) => r.workload],
  ["strategy", (r) => r.strategy],
  ["time", (r) => withRange({ ...r.spread.wallSeconds, ...scaled(r.spread.wallSeconds, 1000) }, ms)],
  ["allocations", (r) => count(r.allocations)],
  [
    "collections",
    (r) =>
      Object.entries(r.collections)
        .map(([g, n]) => `${g}:${n}`)
        .join(" ") || "-",
  ],
  ["total pause", (r) => withRange(r.spread.totalPauseMs, ms)],
  ["max pause", (r) => withRange(r.spread.maxPauseMs, ms)],
  ["p99 pause", (r) => withRange(r.spread.p99PauseMs, ms)],
  ["MMU 5 ms", (r) => withRange(r.spread.mmu, pct)],
  ["peak held", (r) => bytes(r.peakHeapBytes)],
  ["peak live", (r) => bytes(r.peakUsedBytes)],
  ["final held", (r) => bytes(r.finalHeapBytes)],
  ["final live", (r) => bytes(r.finalUsedBytes)],
  ["returned", (r) => bytes(r.bytesReturned)],
  ["alive at end", (r) => count(r.retainedObjects)],
  ["leaked", (r) => count(r.leakedObjects)],
  ["finalizers", (r) => count(r.finalizers.length)],
  ["error", (r) => r.error ?? ""],
];

/** A spread in other units (seconds → ms). */
function scaled(s: FigureSpread, k: number): Partial<FigureSpread> {
  const m = (v: number | null) => (v === null ? null : v * k);
  return { median: m(s.median), min: m(s.min), max: m(s.max) };
}

/** What each column means, as the header's tooltip and the table's footnote. */
const HELP: Record<string, string> = {
  time: "wall time of the whole run, runtime creation included: the median of the measured runs after a warm-up run, their range in brackets (~ marks a range wider than a quarter of the median)",
  "total pause": "all collection pauses of the run added up (median, range)",
  "max pause": "the longest collection pause (median, range)",
  "peak held": "the most bytes held from the operating system at any point",
  "peak live": "the most bytes in objects at any point (garbage not yet collected counts)",
  collections: "collections per generation, generation:count",
  "MMU 5 ms": "minimum mutator utilisation: the worst share of any 5 ms window left to the program",
  "final held": "bytes held from the operating system at the end",
  "final live": "bytes in objects and storage not freed at the end (garbage not yet collected counts)",
  returned: "bytes given back to the operating system during the run",
  "alive at end": "objects alive after a full collection with the program's globals held",
  leaked: "objects the strategy still holds after the globals are released and a full collection runs",
};

/**
 * Fills `table` with one row per run; every value is escaped (quotes included) before it reaches HTML.
 *
 * @example
 * renderTable(document.querySelector("table")!, results);
 */
export function renderTable(table: HTMLTableElement, runs: readonly RunResult[]): void {
  const head = `<tr>${COLUMNS.map(([h]) => `<th scope="col"${HELP[h] ? ` title="${escapeHtml(HELP[h]!)}"` : ""}>${escapeHtml(h)}</th>`).join("")}</tr>`;
  const rows = runs
    .map(
      (r) =>
        `<tr data-workload="${escapeHtml(r.workload)}" data-strategy="${escapeHtml(r.strategy)}">${COLUMNS.map(([h, f]) => `<td data-col="${escapeHtml(h)}">${escapeHtml(f(r))}</td>`).join("")}</tr>`,
    )
    .join("");
  table.innerHTML = `<thead>${head}</thead><tbody>${rows}</tbody>`;
}

/**
 * The footnote that explains the columns, one line each.
 *
 * @example
 * tableNotes()[0]; // "time: wall time of the whole run, runtime creation included"
 */
export function tableNotes(): string[] {
  return Object.entries(HELP).map(([k, v]) => `${k}: ${v}`);
}
