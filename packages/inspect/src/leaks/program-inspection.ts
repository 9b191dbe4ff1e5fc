import type { Handle, Runtime } from "@heaplab/runtime";
import { HeapGraph } from "../core/heap-graph";
import { objectIds } from "../core/object-ids";
import { heapSnapshot } from "../export/heapsnapshot";
import { type ChainStep, formatAccessPath, formatChain, MODULE_GLOBALS } from "../objgraph/backref-chain";
import { mostCommonTypes, type TypeCount, typeStats } from "../objgraph/types";
import { type SummaryRow, summarizeGraph } from "../pympler/summary";
import { formatTraceback } from "../tracemalloc/frames";
import type { Snapshot } from "../tracemalloc/snapshot";
import { Tracemalloc } from "../tracemalloc/tracer";
import { type HeldUnreachable, heldUnreachable } from "./held-unreachable";
import { newestInstanceChain, sizesByType, type TypeGrowthRow, typeGrowth } from "./leak-finder";
import type { SiteRow } from "./panel";
import { objectsSoFar } from "./workload-run";

/**
 * What `ProgramInspection.finish` found in the heap a program left.
 * @example
 * const report = inspection.finish(globals, { limit: 10 });
 * console.log(formatSummary(report.summary));
 */
export interface ProgramReport {
  readonly strategy: string;
  /** Pympler's summary of what the program still reaches. */
  readonly summary: readonly SummaryRow[];
  /** tracemalloc's `statistics("lineno")`: the program's lines by live bytes allocated there. */
  readonly sites: readonly SiteRow[];
  /** objgraph's most common types among reachable objects. */
  readonly mostCommon: readonly TypeCount[];
  /** objgraph's growth: types whose reachable count grew since the program's first line, most bytes first. */
  readonly growth: readonly TypeGrowthRow[];
  /** The chain from the module's globals to the newest instance of the type that grew most. */
  readonly chain: readonly ChainStep[];
  /** `chain` as one line (`globals() -> dict ['handlers'] -> list [3] -> …`). */
  readonly chainText: string;
  /** `chain` as Python (`handlers[3].__closure__[0].cell_contents`). */
  readonly accessPath: string;
  /** What the strategy holds that the program no longer reaches. */
  readonly unreachable: HeldUnreachable;
  /** The `.heapsnapshot` text, when asked for. */
  readonly heapSnapshot?: string;
}

/**
 * The inspection tools on a program the caller runs on `rt` (a Python interpreter, say): the caller
 * reports each new source line (`line`), and calls `finish` when the program has ended but its globals
 * are still held. Allocations are labelled `FILE:LINE` with the last line reported before they were
 * made (`runPython` reports a line at each statement and again when a call returns to its caller).
 *
 * The first `line` marks the program's start: what exists then (the interpreter's built-ins, the
 * runtime's small ints) is the baseline of growth and is not counted as the program's.
 *
 * @example
 * const ins = new ProgramInspection(rt);
 * runPython(rt, src, { filename, onLine: (l, f) => ins.line(f, l), beforeShutdown: (g) => (r = ins.finish(g)) });
 * r.accessPath; // "handlers[199].__closure__[0].cell_contents"
 */
export class ProgramInspection {
  private readonly tracer: Tracemalloc;
  private started = false;
  private preexisting: (addr: number) => boolean = () => false;
  private baseSizes = new Map<string, number>();
  private baseCounts = new Map<string, number>();
  private lastLine = -1;
  private lastFile = "";

  constructor(private readonly rt: Runtime) {
    // numbered from now on, so serials tell what existed before the program's first line
    objectIds(rt);
    this.tracer = new Tracemalloc(rt);
  }

  /** The program entered `line` of `filename`: allocations from now on are labelled with it. */
  line(filename: string, line: number): void {
    if (!this.started) this.start();
    if (line === this.lastLine && filename === this.lastFile) return;
    this.lastLine = line;
    this.lastFile = filename;
    this.tracer.site(`${filename}:${line}`);
  }

  /**
   * `tracemalloc.take_snapshot()` now: the traced objects the program reaches, each labelled with the
   * line that allocated it. Two of them, taken at lines the caller picks, give `compareTo`'s diff.
   * @example
   * runPython(rt, src, { onLine: (l, f) => { ins.line(f, l); if (l === 7) before = ins.takeSnapshot(); } });
   */
  takeSnapshot(): Snapshot {
    if (!this.started) this.start();
    return this.tracer.takeSnapshot();
  }

  /**
   * Takes the census that growth starts from and the serial below which objects are the runtime's or
   * the interpreter's own, then starts tracing.
   */
  private start(): void {
    this.started = true;
    this.preexisting = objectsSoFar(this.rt);
    const g = HeapGraph.build(this.rt);
    this.baseSizes = sizesByType(this.rt, g);
    this.baseCounts = typeStats(this.rt, g);
    this.tracer.start();
  }

  /**
   * The report on the heap as the program left it; `globals` (the module's globals dict) names the
   * chain's root. Measures what is reachable first, then collects fully to find what the strategy holds
   * that nothing reaches (finalizers the collection queues run then, as at a `gc.collect()`).
   */
  finish(globals: Handle, options: { limit?: number; heapSnapshot?: boolean } = {}): ProgramReport {
    const limit = options.limit ?? 10;
    const rt = this.rt;
    if (!this.started) this.start();
    this.tracer.clearSite();
    const g = HeapGraph.build(rt);
    const sites = this.tracer
      .snapshotOf(g)
      .statistics("lineno")
      .slice(0, limit)
      .map((s) => ({ site: formatTraceback(s.traceback), size: s.size, count: s.count }));
    const growth = typeGrowth(this.baseSizes, sizesByType(rt, g), this.baseCounts, typeStats(rt, g));
    const rootNames = new Map([[rt.handles.index(globals), MODULE_GLOBALS]]);
    const chain = growth.length === 0 ? [] : newestInstanceChain(rt, g, growth[0]!.type, rootNames);
    const report = {
      strategy: rt.strategy.name,
      summary: summarizeGraph(rt, g).slice(0, limit),
      sites,
      mostCommon: mostCommonTypes(rt, limit),
      growth: growth.slice(0, limit),
      chain,
      chainText: formatChain(chain),
      accessPath: formatAccessPath(chain),
      ...(options.heapSnapshot === true ? { heapSnapshot: heapSnapshot(rt) } : {}),
    };
    // Last: it collects, so the heap changes.
    const unreachable = heldUnreachable(rt, this.preexisting);
    this.tracer.stop();
    return { ...report, unreachable };
  }
}
