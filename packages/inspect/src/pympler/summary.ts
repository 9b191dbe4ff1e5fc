import type { Runtime } from "@heaplab/runtime";
import { HeapGraph, type HeapGraphOptions } from "../core/heap-graph";

/**
 * One row of a Pympler summary: objects of one type, how many, and their total `sys.getsizeof`.
 * @example
 * const rows: SummaryRow[] = summarize(rt);
 * rows[0]; // { type: "dict", count: 120, size: 27840 }, the largest total size first
 */
export interface SummaryRow {
  readonly type: string;
  readonly count: number;
  readonly size: number;
}

/**
 * Pympler's `summary.summarize(muppy.get_objects())`: the live objects grouped by type name, largest
 * total size first (then most objects, then name).
 * @example
 * const rows = summarize(rt); // [{ type: "list", count: 3, size: 216 }, ...]
 */
export function summarize(rt: Runtime, options: HeapGraphOptions = {}): SummaryRow[] {
  return summarizeGraph(rt, HeapGraph.build(rt, options));
}

/**
 * `summarize` on a graph already walked.
 * @example
 * summarizeGraph(rt, HeapGraph.build(rt, { includeUnreachable: true }));
 */
export function summarizeGraph(rt: Runtime, g: HeapGraph): SummaryRow[] {
  const count = new Map<number, number>();
  const size = new Map<number, number>();
  for (let n = 0; n < g.count; n++) {
    const id = g.typeIds[n]!;
    count.set(id, (count.get(id) ?? 0) + 1);
    size.set(id, (size.get(id) ?? 0) + g.sizes[n]!);
  }
  const rows = [...count].map(([id, c]) => ({ type: rt.types.get(id).name, count: c, size: size.get(id)! }));
  return sortRows(rows);
}

function sortRows(rows: SummaryRow[]): SummaryRow[] {
  return rows.sort(
    (a, b) => b.size - a.size || b.count - a.count || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
  );
}

/**
 * Pympler's `summary.get_diff(left, right)`: per type, `right - left` in count and size; types that did
 * not change are left out. Sorted by size change, largest first.
 * @example
 * const d = summaryDiff(before, summarize(rt)); // [{ type: "str", count: 10, size: 500 }]
 */
export function summaryDiff(left: readonly SummaryRow[], right: readonly SummaryRow[]): SummaryRow[] {
  const l = new Map(left.map((r) => [r.type, r]));
  const out: SummaryRow[] = [];
  const seen = new Set<string>();
  for (const r of right) {
    seen.add(r.type);
    const o = l.get(r.type);
    const row = { type: r.type, count: r.count - (o?.count ?? 0), size: r.size - (o?.size ?? 0) };
    if (row.count !== 0 || row.size !== 0) out.push(row);
  }
  for (const o of left) if (!seen.has(o.type)) out.push({ type: o.type, count: -o.count, size: -o.size });
  return sortRows(out);
}

/**
 * Pympler's `stringutils.pp`: bytes as `"%4d     B"` below 1 KiB, else `"%7.2f KB"` (powers of 1024).
 * @example
 * formatPymplerSize(2048); // "   2.00 KB"
 */
export function formatPymplerSize(bytes: number): string {
  const scales = ["B", "KB", "MB", "GB", "TB", "EB"];
  let i = Math.abs(bytes);
  let degree = 0;
  while (i > 1024) {
    i /= 1024;
    degree++;
  }
  const sign = bytes < 0 ? "-" : "";
  if (degree === 0) return `${`${sign}${i}`.padStart(4)}     B`;
  return `${`${sign}${i.toFixed(2)}`.padStart(7)} ${scales[degree]}`;
}

/**
 * Pympler's `summary.print_(rows, limit)` as text: a table of type, count and total size.
 * @example
 * console.log(formatSummary(summarize(rt)));
 */
export function formatSummary(rows: readonly SummaryRow[], limit = 15): string {
  const cells = rows.slice(0, limit).map((r) => [r.type, String(r.count), formatPymplerSize(r.size)]);
  const header = ["types", "# objects", "total size"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => c.map((x, i) => x.padStart(widths[i]!)).join(" | ");
  return [line(header), widths.map((w) => "=".repeat(w)).join(" | "), ...cells.map(line)].join("\n");
}
