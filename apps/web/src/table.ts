import { bytes, count, ms, type RunResult } from "@heaplab/compare";

/** The columns of the comparison table: header, and the cell text for a run. */
export const COLUMNS: [string, (r: RunResult) => string][] = [
  ["workload", (r) => r.workload],
  ["strategy", (r) => r.strategy],
  ["time s", (r) => r.wallSeconds.toFixed(3)],
  ["allocations", (r) => count(r.allocations)],
  [
    "collections",
    (r) =>
      Object.entries(r.collections)
        .map(([g, n]) => `${g}:${n}`)
        .join(" ") || "-",
  ],
  ["total pause", (r) => ms(r.totalPauseMs)],
  ["max pause", (r) => ms(r.maxPauseMs)],
  ["p99 pause", (r) => ms(r.p99PauseMs)],
  ["MMU 5 ms", (r) => (r.mmu === null ? "-" : `${(r.mmu * 100).toFixed(0)}%`)],
  ["peak heap", (r) => bytes(r.peakHeapBytes)],
  ["final held", (r) => bytes(r.finalHeapBytes)],
  ["final live", (r) => bytes(r.finalUsedBytes)],
  ["returned", (r) => bytes(r.bytesReturned)],
  ["alive at end", (r) => count(r.retainedObjects)],
  ["leaked", (r) => count(r.leakedObjects)],
  ["finalizers", (r) => count(r.finalizers.length)],
  ["error", (r) => r.error ?? ""],
];

/**
 * Fills `table` with one row per run.
 *
 * @example
 * renderTable(document.querySelector("table")!, results);
 */
export function renderTable(table: HTMLTableElement, runs: readonly RunResult[]): void {
  const head = `<tr>${COLUMNS.map(([h]) => `<th>${h}</th>`).join("")}</tr>`;
  const esc = (s: string) => s.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  const rows = runs
    .map(
      (r) =>
        `<tr data-workload="${esc(r.workload)}" data-strategy="${esc(r.strategy)}">${COLUMNS.map(([h, f]) => `<td data-col="${h}">${esc(f(r))}</td>`).join("")}</tr>`,
    )
    .join("");
  table.innerHTML = `<thead>${head}</thead><tbody>${rows}</tbody>`;
}
