import { backrefChainOfNode, edgeLabel, formatEdge, HeapGraph } from "@heaplab/inspect";
import type { Runtime } from "@heaplab/runtime";

/** Which object to follow in a rerun of a recorded program, and the moment to look at its referrers. */
export interface WatchRequest {
  /** The recording's row that allocated it (or recorded it at the start). */
  allocatedAt: number;
  /** Its block address at that row (checks that the rerun made the same object there). */
  block: number;
  /** The timeline's position: its referrers are read at the first statement boundary at or after it. */
  at: number;
}

/** One referrer of the watched object: its type and the reference (`['cache']`, `[3]`, `.next`). */
export interface Referrer {
  typeName: string;
  via: string;
}

/** What a rerun found about one object. */
export interface LifeWatchResult {
  /** False when the rerun did not allocate the same type at the same block on that row. */
  matched: boolean;
  /** Rows (of the recording) where its reference count was read, and the counts, in time order. */
  rows: number[];
  counts: number[];
  /** The row where its referrers were read (-1: not alive at a statement boundary after `at`). */
  chainAt: number;
  /** The shortest chain from a root (`@heaplab/inspect`'s `find_backref_chain`), root first. */
  chain: { typeName: string; via: string }[];
  /** Every object referring to it then. */
  referrers: Referrer[];
}

/**
 * Follows one object through a rerun of the program a recording came from (the runtime is
 * deterministic: the same program under the same strategy and settings makes the same rows). Register
 * it after the `Recorder`, so `position()` counts the row being reported. It finds the object at its
 * allocation row, follows its moves, reads its reference count at every statement boundary (`line`,
 * called from the Python engine's `onLine`) and at its free (0), and at the first statement boundary at
 * or after `at` (or at the program's end, `end`) builds the heap graph and reads who refers to it and
 * its back-reference chain.
 *
 * @example
 * const watch = new LifeWatch(rt, () => recorder.length, { allocatedAt: 120, block: 0x50030, at: 400 });
 * runPython(rt, src, { onLine: (l) => { recorder.line = l; watch.line(); } });
 * post(watch.result());
 */
export class LifeWatch {
  private obj = 0;
  private dead = false;
  private readonly out: LifeWatchResult = {
    matched: false,
    rows: [],
    counts: [],
    chainAt: -1,
    chain: [],
    referrers: [],
  };
  private readonly off: () => void;
  private readonly refcount: ((o: number) => number) | null;

  constructor(
    private readonly rt: Runtime,
    private readonly position: () => number,
    private readonly req: WatchRequest,
  ) {
    this.refcount = rt.strategy.refcount?.bind(rt.strategy) ?? null;
    // An object the runtime made before the recorder started: its row was written at construction.
    if (req.allocatedAt < position()) this.findExisting();
    this.off = rt.events.onAllocation({
      alloc: (addr, typeId) => {
        if (this.obj !== 0 || this.dead || position() - 1 !== req.allocatedAt) return;
        this.found(addr, typeId);
      },
      move: (from, to) => {
        if (from === this.obj && this.obj !== 0) this.obj = to;
      },
      free: (addr) => {
        if (addr !== this.obj || this.obj === 0) return;
        this.sample(position() - 1, 0);
        this.obj = 0;
        this.dead = true;
      },
    });
  }

  private findExisting(): void {
    this.rt.strategy.forEachObject((o) => {
      const t = this.rt.model.typeOf(o);
      if (o - this.rt.strategy.prefixBytes(t) === this.req.block) this.found(o, t.id);
    });
  }

  private found(addr: number, typeId: number): void {
    const prefix = this.rt.strategy.prefixBytes(this.rt.types.get(typeId));
    this.out.matched = addr - prefix === this.req.block;
    if (!this.out.matched) return;
    this.obj = addr;
    if (this.refcount) this.sample(this.req.allocatedAt, this.refcount(addr));
  }

  private sample(row: number, count: number): void {
    const n = this.out.counts.length;
    // Keep the chart's steps only: a sample equal to the last one adds nothing.
    if (n > 0 && this.out.counts[n - 1] === count && count !== 0) return;
    this.out.rows.push(row);
    this.out.counts.push(count);
  }

  /** A statement boundary: the heap is consistent; sample the count, and read the referrers once. */
  line(): void {
    if (this.obj === 0) return;
    const row = Math.max(0, this.position() - 1);
    if (this.refcount) this.sample(row, this.refcount(this.obj));
    if (this.out.chainAt < 0 && row >= this.req.at) this.readReferrers(row);
  }

  /**
   * The program's last statement ended (the Python engine's `beforeShutdown`: its globals still hold
   * what it kept): the last boundary, so the referrers are read here if no boundary came after `at`.
   */
  end(): void {
    if (this.obj === 0) return;
    const row = Math.max(0, this.position() - 1);
    if (this.refcount) this.sample(row, this.refcount(this.obj));
    if (this.out.chainAt < 0) this.readReferrers(row);
  }

  private readReferrers(row: number): void {
    const rt = this.rt;
    const g = HeapGraph.build(rt, { includeUnreachable: true });
    const node = g.nodeOf(this.obj);
    this.out.chainAt = row;
    if (node < 0) return;
    this.out.chain = backrefChainOfNode(rt, g, node).map((s) => ({ typeName: s.typeName, via: s.via }));
    const { predStart, preds, predEdges } = g.reverse();
    for (let i = predStart[node]!; i < predStart[node + 1]!; i++) {
      const p = preds[i]!;
      const t = rt.types.get(g.typeIds[p]!);
      this.out.referrers.push({
        typeName: t.name,
        via: formatEdge(edgeLabel(rt, g.addrs[p]!, g.edgeSlots[predEdges[i]!]!), t.kind),
      });
    }
  }

  /** Whether the watch has all it needs (the object died and its referrers were read or never can be). */
  get done(): boolean {
    return this.dead || (!this.out.matched && this.position() > this.req.allocatedAt);
  }

  /** Stops listening; returns what was found. */
  result(): LifeWatchResult {
    this.off();
    return this.out;
  }
}
