import type { Runtime } from "@heaplab/runtime";
import type { HeapGraphOptions } from "../core/heap-graph";
import { formatSummary, type SummaryRow, summarize, summaryDiff } from "./summary";

/**
 * Pympler's `tracker.SummaryTracker`: remembers the last summary and reports what changed since. Its own
 * bookkeeping lives outside the heap, so unlike Pympler's it needs no self-correction.
 * @example
 * const tr = new SummaryTracker(rt);
 * runStep();
 * console.log(tr.formatDiff()); // the types that grew or shrank
 */
export class SummaryTracker {
  private last: SummaryRow[];

  constructor(
    private readonly rt: Runtime,
    private readonly options: HeapGraphOptions = {},
  ) {
    this.last = summarize(rt, options);
  }

  /** The difference between a new summary and the previous one; the new one becomes the previous. */
  diff(): SummaryRow[] {
    const now = summarize(this.rt, this.options);
    const d = summaryDiff(this.last, now);
    this.last = now;
    return d;
  }

  /** `print_diff()`: the difference as Pympler's table. */
  formatDiff(): string {
    return formatSummary(this.diff(), Number.POSITIVE_INFINITY);
  }
}
