/**
 * memory_profiler's `@profile` on the heap: for each profiled code object, per source line the
 * largest heap size seen after the line ran, the sum of its increments and how often it ran — the
 * columns of memory_profiler's report, measured from the strategy's used bytes instead of the
 * process's resident size.
 *
 * @example
 * const p = new LineProfiler(() => rt.stats().usedBytes); p.enter(frame); p.line(frame, 5); p.leave(frame);
 */
export class LineProfiler {
  /** Code ids whose frames are measured. */
  readonly codes = new Set<number>();
  private readonly table = new Map<number, Map<number, { mem: number; inc: number; n: number }>>();
  private readonly open = new Map<object, { line: number; mem: number }>();

  constructor(private readonly usedBytes: () => number) {}

  /** A profiled frame starts: its `def` line is charged with the heap size at entry. */
  enter(frame: object, codeId: number, defLine: number): void {
    const mem = this.usedBytes();
    this.record(codeId, defLine, mem, mem);
    this.open.set(frame, { line: -1, mem });
  }

  /** Execution moves to `line`: the previous line is charged with what it changed. */
  line(frame: object, codeId: number, line: number): void {
    const st = this.open.get(frame);
    if (st === undefined) return;
    const mem = this.usedBytes();
    if (st.line >= 0) this.record(codeId, st.line, mem, mem - st.mem);
    st.line = line;
    st.mem = mem;
  }

  /** The frame returns: its last line is charged. */
  leave(frame: object, codeId: number): void {
    this.line(frame, codeId, -1);
    this.open.delete(frame);
  }

  /** Forgets a code's measurements (memory_profiler reports each call on its own). */
  reset(codeId: number): void {
    this.table.delete(codeId);
  }

  private record(codeId: number, line: number, mem: number, inc: number): void {
    let t = this.table.get(codeId);
    if (t === undefined) {
      t = new Map();
      this.table.set(codeId, t);
    }
    const r = t.get(line);
    if (r === undefined) t.set(line, { mem, inc, n: 1 });
    else {
      r.mem = Math.max(r.mem, mem);
      r.inc += inc;
      r.n++;
    }
  }

  /**
   * memory_profiler's report for one function: `Line #`, `Mem usage`, `Increment`, `Occurrences`,
   * `Line Contents`, for every source line from the first decorator to the end of the function.
   */
  report(codeId: number, filename: string, lines: readonly string[], first: number, last: number): string {
    const t = this.table.get(codeId) ?? new Map();
    const fmt = (l: string, m: string, i: string, o: string, c: string) =>
      `${l.padStart(6)} ${m.padStart(12)} ${i.padStart(12)}  ${o.padStart(10)}   ${c}`;
    const header = fmt("Line #", "Mem usage", "Increment", "Occurrences", "Line Contents");
    const out = [`Filename: ${filename}`, "", header, "=".repeat(header.length)];
    const mib = (b: number) => `${(b / (1024 * 1024)).toFixed(1)} MiB`;
    for (let ln = first; ln <= last; ln++) {
      const r = t.get(ln);
      const src = lines[ln - 1] ?? "";
      out.push(
        r === undefined
          ? fmt(String(ln), "", "", "", src)
          : fmt(String(ln), mib(r.mem), mib(r.inc), String(r.n), src),
      );
    }
    return `${out.join("\n")}\n\n\n`;
  }
}
