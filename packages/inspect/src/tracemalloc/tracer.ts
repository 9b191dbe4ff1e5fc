import type { Handle, Runtime } from "@heaplab/runtime";
import { HeapGraph, type HeapGraphOptions } from "../core/heap-graph";
import { type ObjectIds, objectIds } from "../core/object-ids";
import { objectSize } from "../core/object-size";
import { captureStack, type Frame, parseSiteLabel, type Traceback, tracebackKey } from "./frames";
import { Snapshot, type Trace } from "./snapshot";

/**
 * What a workload is given to label its allocations (the workloads package's `WorkloadContext`).
 * @example
 * workload.run(rt, params, tracer.context()); // ctx.site(label) labels the allocations that follow
 */
export interface SiteContext {
  readonly seed: number;
  site(label: string): void;
  progress(done: number, total: number): void;
}

/**
 * Python's `tracemalloc` for one runtime: while started, every allocation is recorded with its
 * traceback: the site label the program last gave (`site("leak.py:7 leak")`, or a workload context's
 * `site`), else the program's JS call stack (up to `nframes` frames).
 *
 * Sizes are `sys.getsizeof`, so an object's owned storage (a list's item array) counts with it.
 * Frees: the runtime reports them only if the strategy calls `events.free`; strategies that do not are
 * covered by walking the heap (`Strategy.forEachObject`) whenever the current size is asked for, so
 * `current` is exact then. `peak` is the highest `current` seen at an allocation or at such a walk: if a
 * strategy reports no frees, it may overstate the true peak by objects that died unseen in between.
 *
 * @example
 * const tm = new Tracemalloc(rt);
 * tm.start();
 * const s1 = tm.takeSnapshot();
 * for (let i = 0; i < 10; i++) leak();
 * for (const d of tm.takeSnapshot().compareTo(s1, "lineno").slice(0, 3)) console.log(String(d));
 */
export class Tracemalloc {
  private readonly ids: ObjectIds;
  private nframes = 1;
  private tracing = false;
  private label: Frame | null = null;
  private detach: (() => void) | null = null;
  /** Serial → traceback index + 1 (0 = not traced). */
  private traceOf = new Int32Array(1024);
  /** Serial → bytes counted in `current` for it. */
  private bytesOf = new Float64Array(1024);
  private readonly tracebacks: Traceback[] = [];
  private readonly tracebackIndex = new Map<string, number>();
  private current = 0;
  private peak = 0;

  constructor(private readonly rt: Runtime) {
    this.ids = objectIds(rt);
    this.ids.onDeath((s) => this.untrace(s));
  }

  /** `tracemalloc.start(nframes)`: starts tracing (keeping at most `nframes` frames of JS stack). */
  start(nframes = 1): void {
    if (!Number.isInteger(nframes) || nframes < 1)
      throw new RangeError("the number of frames must be in range [1; 65535]");
    this.nframes = nframes;
    if (this.tracing) return;
    this.tracing = true;
    this.detach = this.rt.events.onAllocation({ alloc: (addr, _type, bytes) => this.onAlloc(addr, bytes) });
  }

  /** `tracemalloc.stop()`: stops tracing and forgets every trace, as Python does. */
  stop(): void {
    this.detach?.();
    this.detach = null;
    this.tracing = false;
    this.clearTraces();
  }

  /** `tracemalloc.is_tracing()`. */
  isTracing(): boolean {
    return this.tracing;
  }

  /** `tracemalloc.get_traceback_limit()`. */
  getTracebackLimit(): number {
    return this.nframes;
  }

  /** Labels the allocations that follow (until the next label or `clearSite`). */
  site(label: string): void {
    this.label = parseSiteLabel(label);
  }

  /** Goes back to capturing the JS call stack for the allocations that follow. */
  clearSite(): void {
    this.label = null;
  }

  /** A workload context whose `site` labels allocations for this tracer. */
  context(seed = 0, progress: (done: number, total: number) => void = () => {}): SiteContext {
    return { seed, site: (l) => this.site(l), progress };
  }

  /** `tracemalloc.clear_traces()`. */
  clearTraces(): void {
    this.traceOf.fill(0);
    this.bytesOf.fill(0);
    this.current = 0;
    this.peak = 0;
  }

  /** `tracemalloc.get_traced_memory()`: `[current, peak]` bytes of traced objects (see the class note). */
  getTracedMemory(): [current: number, peak: number] {
    this.reconcile();
    return [this.current, this.peak];
  }

  /** `tracemalloc.reset_peak()`: the peak becomes the current size. */
  resetPeak(): void {
    this.reconcile();
    this.peak = this.current;
  }

  /** `tracemalloc.get_object_traceback(obj)`: where `h`'s object was allocated, or null if untraced. */
  getObjectTraceback(h: Handle): Traceback | null {
    const a = this.rt.addressOf(h);
    const s = a === 0 ? 0 : this.ids.peek(a);
    const t = s < this.traceOf.length ? this.traceOf[s]! : 0;
    return t === 0 ? null : this.tracebacks[t - 1]!;
  }

  /**
   * `tracemalloc.take_snapshot()`: the traced objects the program can still reach (by default; pass
   * `includeUnreachable` for everything the strategy still holds), each with its traceback and size.
   */
  takeSnapshot(options: HeapGraphOptions = {}): Snapshot {
    if (!this.tracing)
      throw new Error("the tracemalloc module must be tracing memory allocations to take a snapshot");
    return this.snapshotOf(HeapGraph.build(this.rt, options));
  }

  /** A snapshot from a graph already walked (no allocation since). */
  snapshotOf(g: HeapGraph): Snapshot {
    const traces: Trace[] = [];
    for (let n = 0; n < g.count; n++) {
      const s = this.ids.peek(g.addrs[n]!);
      const t = s < this.traceOf.length ? this.traceOf[s]! : 0;
      if (t === 0) continue;
      traces.push({
        id: s,
        typeName: this.rt.types.get(g.typeIds[n]!).name,
        size: g.sizes[n]!,
        traceback: this.tracebacks[t - 1]!,
      });
    }
    return new Snapshot(traces, this.nframes);
  }

  private onAlloc(addr: number, bytes: number): void {
    const s = this.ids.peek(addr);
    if (s === 0) return;
    if (s >= this.traceOf.length) this.grow(s);
    const tb = this.label !== null ? [this.label] : captureStack(this.nframes);
    this.traceOf[s] = this.internTraceback(tb) + 1;
    this.bytesOf[s] = bytes;
    this.current += bytes;
    if (this.current > this.peak) this.peak = this.current;
  }

  private untrace(serial: number): void {
    if (serial >= this.traceOf.length || this.traceOf[serial] === 0) return;
    this.traceOf[serial] = 0;
    this.current -= this.bytesOf[serial]!;
    this.bytesOf[serial] = 0;
  }

  /**
   * Walks what the strategy holds: traced objects no longer held died unseen (untraced now), and the
   * others are re-measured with their owned storage. After: `current` is exact.
   */
  private reconcile(): void {
    const held = new Uint8Array(this.ids.limit);
    let current = 0;
    this.rt.strategy.forEachObject((obj) => {
      const s = this.ids.peek(obj);
      if (s === 0 || s >= this.traceOf.length || this.traceOf[s] === 0) return;
      held[s] = 1;
      this.bytesOf[s] = objectSize(this.rt, obj);
      current += this.bytesOf[s]!;
    });
    for (let s = 1; s < this.traceOf.length; s++) if (this.traceOf[s] !== 0 && held[s] === 0) this.untrace(s);
    this.current = current;
    if (current > this.peak) this.peak = current;
  }

  private internTraceback(tb: Traceback): number {
    const k = tracebackKey(tb);
    let i = this.tracebackIndex.get(k);
    if (i === undefined) {
      i = this.tracebacks.length;
      this.tracebacks.push(tb);
      this.tracebackIndex.set(k, i);
    }
    return i;
  }

  private grow(s: number): void {
    let n = this.traceOf.length;
    while (n <= s) n *= 2;
    const t = new Int32Array(n);
    t.set(this.traceOf);
    this.traceOf = t;
    const b = new Float64Array(n);
    b.set(this.bytesOf);
    this.bytesOf = b;
  }
}
