import type { RunResult } from "@heaplab/compare";
import { bytes, count, ms } from "@heaplab/compare/internals";
import { escapeHtml } from "../ui/dom";

/**
 * The columns of the comparison table: header, and the cell text (with its unit) for a run.
 *
 * @example
 * COLUMNS.map(([header, cell]) => `${header}: ${cell(result)}`);
 */
export const COLUMNS: [string, (r: RunResult) => string][] = [
  ["workload", (r) => r.workload],
  ["strategy", (r) => r.strategy],
  ["time", (r) => ms(r.wallSeconds * 1000)],
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
  ["peak held", (r) => bytes(r.peakHeapBytes)],
  ["final held", (r) => bytes(r.finalHeapBytes)],
  ["final live", (r) => bytes(r.finalUsedBytes)],
  ["returned", (r) => bytes(r.bytesReturned)],
  ["alive at end", (r) => count(r.retainedObjects)],
  ["leaked", (r) => count(r.leakedObjects)],
  ["finalizers", (r) => count(r.finalizers.length)],
  ["error", (r) => r.error ?? ""],
];

/** What each column means, as the header's tooltip and the table's footnote. */
const HELP: Record<string, string> = {
  time: "wall time of the whole run, runtime creation included",
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
