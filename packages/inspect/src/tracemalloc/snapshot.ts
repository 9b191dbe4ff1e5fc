import { type Filter, keepTrace } from "./filter";
import { formatSize } from "./format-size";
import { type Frame, formatTraceback, type Traceback, tracebackKey } from "./frames";

/**
 * How `statistics` and `compareTo` group traces.
 * @example
 * snapshot.statistics("filename"); // one Statistic per file
 */
export type StatisticKey = "lineno" | "filename" | "traceback";

/**
 * tracemalloc's `Statistic`: the memory allocated at one place and still alive.
 * @example
 * String(snapshot.statistics("lineno")[0]); // "leak.py:5: size=98.0 KiB, count=10, average=10033 B"
 */
export class Statistic {
  constructor(
    readonly traceback: Traceback,
    readonly size: number,
    readonly count: number,
  ) {}

  /** Python's `str(stat)`: `file.py:12: size=1536 B, count=10, average=154 B`. */
  toString(): string {
    const avg = this.count > 0 ? `, average=${formatSize(this.size / this.count, false)}` : "";
    return `${formatTraceback(this.traceback)}: size=${formatSize(this.size, false)}, count=${this.count}${avg}`;
  }
}

/**
 * tracemalloc's `StatisticDiff`: one place's memory in the new snapshot and its change since the old.
 * @example
 * String(s2.compareTo(s1, "lineno")[0]); // "leak.py:5: size=98.0 KiB (+98.0 KiB), count=10 (+10), average=10033 B"
 */
export class StatisticDiff {
  constructor(
    readonly traceback: Traceback,
    readonly size: number,
    readonly sizeDiff: number,
    readonly count: number,
    readonly countDiff: number,
  ) {}

  /** Python's `str(diff)`: `file.py:12: size=15.0 KiB (+13.5 KiB), count=100 (+90), average=154 B`. */
  toString(): string {
    const avg = this.count > 0 ? `, average=${formatSize(this.size / this.count, false)}` : "";
    const sign = this.countDiff >= 0 ? "+" : "";
    return (
      `${formatTraceback(this.traceback)}: size=${formatSize(this.size, false)} (${formatSize(this.sizeDiff, true)}), ` +
      `count=${this.count} (${sign}${this.countDiff})${avg}`
    );
  }
}

/**
 * One traced live object in a snapshot.
 * @example
 * for (const t of tracer.takeSnapshot().traces) console.log(t.typeName, t.size, formatTraceback(t.traceback));
 */
export interface Trace {
  /** Stable serial of the object (see `ObjectIds`). */
  readonly id: number;
  readonly typeName: string;
  /** `sys.getsizeof` of the object when the snapshot was taken. */
  readonly size: number;
  readonly traceback: Traceback;
}

/**
 * tracemalloc's `Snapshot`: the traced objects alive when it was taken, each with its allocation
 * traceback and size.
 * @example
 * const top = tracer.takeSnapshot().statistics("lineno").slice(0, 10);
 * for (const s of top) console.log(String(s));
 */
export class Snapshot {
  constructor(
    readonly traces: readonly Trace[],
    readonly tracebackLimit: number,
  ) {}

  /** `Snapshot.filter_traces(filters)`: a new snapshot with only the traces the filters keep. */
  filterTraces(filters: readonly Filter[]): Snapshot {
    return new Snapshot(
      this.traces.filter((t) => keepTrace(filters, t.traceback)),
      this.tracebackLimit,
    );
  }

  /**
   * `Snapshot.statistics(key_type, cumulative)`: the traces grouped by allocation place, biggest first
   * (then most objects). With `cumulative`, a trace counts for every frame of its traceback, not only the
   * most recent (not allowed with `"traceback"`).
   */
  statistics(key: StatisticKey, cumulative = false): Statistic[] {
    const groups = this.group(key, cumulative);
    return [...groups.values()]
      .map((g) => new Statistic(g.tb, g.size, g.count))
      .sort(
        (a, b) =>
          b.size - a.size || b.count - a.count || cmp(tracebackKey(b.traceback), tracebackKey(a.traceback)),
      );
  }

  /**
   * `Snapshot.compare_to(old, key_type, cumulative)`: every allocation place of either snapshot with its
   * size and count now and their change, sorted by the absolute size change (then size, absolute count
   * change, count), largest first.
   */
  compareTo(old: Snapshot, key: StatisticKey, cumulative = false): StatisticDiff[] {
    const now = this.group(key, cumulative);
    const before = old.group(key, cumulative);
    const out: StatisticDiff[] = [];
    for (const [k, g] of now) {
      const o = before.get(k);
      out.push(new StatisticDiff(g.tb, g.size, g.size - (o?.size ?? 0), g.count, g.count - (o?.count ?? 0)));
    }
    for (const [k, o] of before) if (!now.has(k)) out.push(new StatisticDiff(o.tb, 0, -o.size, 0, -o.count));
    return out.sort(
      (a, b) =>
        Math.abs(b.sizeDiff) - Math.abs(a.sizeDiff) ||
        b.size - a.size ||
        Math.abs(b.countDiff) - Math.abs(a.countDiff) ||
        b.count - a.count ||
        cmp(tracebackKey(b.traceback), tracebackKey(a.traceback)),
    );
  }

  private group(
    key: StatisticKey,
    cumulative: boolean,
  ): Map<string, { tb: Traceback; size: number; count: number }> {
    if (cumulative && key === "traceback")
      throw new Error("cumulative mode cannot be used with key type 'traceback'");
    const groups = new Map<string, { tb: Traceback; size: number; count: number }>();
    const addTo = (tb: Traceback, size: number) => {
      const k = tracebackKey(tb);
      const g = groups.get(k);
      if (g === undefined) groups.set(k, { tb, size, count: 1 });
      else {
        g.size += size;
        g.count++;
      }
    };
    for (const t of this.traces) {
      const frames: Frame[] =
        t.traceback.length === 0 ? [{ filename: "<unknown>", lineno: 0, name: "" }] : [...t.traceback];
      if (key === "traceback") {
        addTo(t.traceback, t.size);
        continue;
      }
      const keyFrames = (cumulative ? frames : frames.slice(0, 1)).map((f) =>
        key === "filename" ? { filename: f.filename, lineno: 0, name: "" } : f,
      );
      const seen = new Set<string>();
      for (const f of keyFrames) {
        const tb = [f];
        const k = tracebackKey(tb);
        if (seen.has(k)) continue;
        seen.add(k);
        addTo(tb, t.size);
      }
    }
    return groups;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
