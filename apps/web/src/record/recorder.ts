import type { HeapEvent, Runtime } from "@heaplab/runtime";
import { AddressSlots } from "./address-slots";
import { EventKind, type Recording } from "./recording";

/** Options of `Recorder`. */
export interface RecorderOptions {
  /** Events kept at most; later ones are dropped and the recording is marked `truncated`. */
  maxEvents?: number;
}

/**
 * Records a runtime's event stream into the typed columns of a `Recording` while a program runs:
 * allocations, frees and moves from the allocation hooks, collections, finalizers and weak-reference
 * callbacks from the event objects, each row stamped with the current source line, the live and held
 * bytes and each generation's size after it.
 *
 * Generation sizes are derived from the events alone, CPython's way: a new object is in generation 0;
 * when a collection of generation g ends, the survivors of generations 0..g are in generation g + 1
 * (the oldest keeps its own). This is exact for `cpython-3.11` and `clr`; for `jvm-serial`, whose young
 * survivors age in survivor spaces before tenuring, it counts a young survivor as old at once.
 *
 * @example
 * const rec = new Recorder(rt);
 * workload.run(rt, params, ctx);
 * const recording = rec.finish();
 */
export class Recorder {
  /** The source line the program is on (set by the Python engine's `onLine`). */
  line = 0;
  private n = 0;
  private cap = 0;
  private readonly max: number;
  private readonly G: number;
  private truncated = false;
  private kind = new Uint8Array(0);
  private addr = new Uint32Array(0);
  private size = new Uint32Array(0);
  private type = new Uint16Array(0);
  private arg = new Uint32Array(0);
  private lines = new Uint32Array(0);
  private live = new Float64Array(0);
  private held = new Float64Array(0);
  private gen = new Float64Array(0);
  private liveBytes = 0;
  private readonly genBytes: Float64Array;
  // Collections: few, kept in plain arrays until `finish`.
  private readonly gcStart: number[] = [];
  private readonly gcEnd: number[] = [];
  private readonly gcGen: number[] = [];
  private readonly gcPause: number[] = [];
  private readonly gcCollected: number[] = [];
  private readonly gcFreed: number[] = [];
  private readonly gcRowBySeq = new Map<number, number>();
  private readonly finalizerTypes: string[] = [];
  // Live objects by address → slot; a slot holds the object's type, bytes and generation.
  private readonly slotOf = new AddressSlots();
  private slotType = new Uint32Array(1024);
  private slotBytes = new Uint32Array(1024);
  private slotGen = new Uint8Array(1024);
  private slotUsed = new Uint8Array(1024);
  private slotTop = 0;
  private readonly freeSlots: number[] = [];
  // Moves of the collection in progress: applied to `slotOf` at its end (sliding and chained moves).
  private readonly pendingMoves: number[] = [];
  private readonly prefixOf: Int32Array;
  private readonly offEvents: () => void;
  private readonly offAlloc: () => void;

  constructor(
    private readonly rt: Runtime,
    options: RecorderOptions = {},
  ) {
    this.max = options.maxEvents ?? 600_000;
    this.G = Math.max(1, rt.strategy.constraints.generations);
    this.genBytes = new Float64Array(this.G);
    this.prefixOf = new Int32Array(256).fill(-1);
    this.grow();
    // Objects made before recording began (the runtime's own) are recorded as the first
    // allocations, so their frees and moves are known and the map shows them.
    rt.strategy.forEachObject((obj) => {
      const t = rt.model.typeOf(obj);
      this.onAlloc(obj, t.id, rt.strategy.prefixBytes(t) + rt.model.bodyBytesOf(t, obj));
    });
    this.offAlloc = rt.events.onAllocation({
      alloc: (a, t, b) => this.onAlloc(a, t, b),
      free: (a, t, b) => this.onFree(a, t, b),
      move: (f, t) => this.onMove(f, t),
    });
    this.offEvents = rt.events.on((e) => this.onEvent(e));
  }

  /** Events recorded so far. */
  get length(): number {
    return this.n;
  }

  /** Bytes of the strategy's header before an object of type `typeId` (its block starts there). */
  private prefix(typeId: number): number {
    if (typeId < this.prefixOf.length && this.prefixOf[typeId]! >= 0) return this.prefixOf[typeId]!;
    const p = this.rt.strategy.prefixBytes(this.rt.types.get(typeId));
    if (typeId < this.prefixOf.length) this.prefixOf[typeId] = p;
    return p;
  }

  /** Doubles every column; the rows written so far are kept. */
  private grow(): void {
    const cap = Math.max(16_384, this.cap * 2);
    const more = <T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(
      a: T,
      make: (n: number) => T,
      k = 1,
    ): T => {
      const b = make(cap * k);
      b.set(a);
      return b;
    };
    this.kind = more(this.kind, (n) => new Uint8Array(n));
    this.addr = more(this.addr, (n) => new Uint32Array(n));
    this.size = more(this.size, (n) => new Uint32Array(n));
    this.type = more(this.type, (n) => new Uint16Array(n));
    this.arg = more(this.arg, (n) => new Uint32Array(n));
    this.lines = more(this.lines, (n) => new Uint32Array(n));
    this.live = more(this.live, (n) => new Float64Array(n));
    this.held = more(this.held, (n) => new Float64Array(n));
    this.gen = more(this.gen, (n) => new Float64Array(n), this.G);
    this.cap = cap;
  }

  /** Appends one row; returns false (and marks the recording truncated) once `maxEvents` is reached. */
  private push(kind: number, addr: number, size: number, type: number, arg: number): boolean {
    if (this.n >= this.max) {
      this.truncated = true;
      return false;
    }
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.kind[i] = kind;
    this.addr[i] = addr;
    this.size[i] = size;
    this.type[i] = type;
    this.arg[i] = arg;
    this.lines[i] = this.line;
    this.live[i] = this.liveBytes;
    this.held[i] = this.rt.os.heldBytes;
    // A loop, not `gen.set(genBytes, …)`: for one to three generations the call costs more than the copy.
    for (let g = 0, o = i * this.G; g < this.G; g++) this.gen[o + g] = this.genBytes[g]!;
    return true;
  }

  private newSlot(typeId: number, bytes: number): number {
    let s = this.freeSlots.pop();
    if (s === undefined) {
      s = this.slotTop++;
      if (s === this.slotType.length) {
        const grow = <T extends Uint8Array | Uint32Array>(a: T, b: T): T => {
          b.set(a);
          return b;
        };
        this.slotType = grow(this.slotType, new Uint32Array(s * 2));
        this.slotBytes = grow(this.slotBytes, new Uint32Array(s * 2));
        this.slotGen = grow(this.slotGen, new Uint8Array(s * 2));
        this.slotUsed = grow(this.slotUsed, new Uint8Array(s * 2));
      }
    }
    this.slotType[s] = typeId;
    this.slotBytes[s] = bytes;
    this.slotGen[s] = 0;
    this.slotUsed[s] = 1;
    return s;
  }

  private onAlloc(obj: number, typeId: number, bytes: number): void {
    this.slotOf.set(obj, this.newSlot(typeId, bytes));
    this.liveBytes += bytes;
    this.genBytes[0]! += bytes;
    this.push(EventKind.alloc, obj - this.prefix(typeId), bytes, typeId, 0);
  }

  private onFree(obj: number, typeId: number, bytes: number): void {
    const s = this.slotOf.get(obj);
    if (s >= 0) {
      this.slotOf.delete(obj);
      this.slotUsed[s] = 0;
      this.freeSlots.push(s);
      this.genBytes[this.slotGen[s]!]! -= this.slotBytes[s]!;
      this.liveBytes -= this.slotBytes[s]!;
    }
    this.push(EventKind.free, obj - this.prefix(typeId), bytes, typeId, 0);
  }

  private onMove(from: number, to: number): void {
    const s = this.slotOf.get(from);
    if (s < 0) return; // not an object (every object was recorded at its allocation or at the start)
    this.pendingMoves.push(from, to, s);
    const p = this.prefix(this.slotType[s]!);
    this.push(EventKind.move, to - p, this.slotBytes[s]!, this.slotType[s]!, from - p);
  }

  /** At the end of a collection: re-key moved objects (all old addresses first), then promote. */
  private endCollection(generation: number): void {
    const m = this.pendingMoves;
    for (let k = 0; k < m.length; k += 3) if (this.slotOf.get(m[k]!) === m[k + 2]) this.slotOf.delete(m[k]!);
    for (let k = 0; k < m.length; k += 3) this.slotOf.set(m[k + 1]!, m[k + 2]!);
    m.length = 0;
    const oldest = this.G - 1;
    if (oldest === 0) return;
    const into = Math.min(generation + 1, oldest);
    for (let s = 0; s < this.slotTop; s++) {
      const g = this.slotGen[s]!;
      if (this.slotUsed[s] === 0 || g > generation || g === into) continue;
      this.genBytes[g]! -= this.slotBytes[s]!;
      this.genBytes[into]! += this.slotBytes[s]!;
      this.slotGen[s] = into;
    }
  }

  private onEvent(e: HeapEvent): void {
    switch (e.type) {
      case "gc-start": {
        const row = this.gcStart.length;
        this.gcRowBySeq.set(e.seq, row);
        this.gcStart.push(this.n);
        this.gcEnd.push(this.n);
        this.gcGen.push(e.generation);
        this.gcPause.push(0);
        this.gcCollected.push(0);
        this.gcFreed.push(0);
        this.push(EventKind.gcStart, 0, 0, 0, row);
        break;
      }
      case "gc-end": {
        this.endCollection(e.generation);
        const row = this.gcRowBySeq.get(e.seq);
        if (row === undefined) break;
        this.gcEnd[row] = this.n;
        this.gcPause[row] = e.pauseMs;
        this.gcCollected[row] = e.collected;
        this.gcFreed[row] = e.freedBytes;
        if (!this.push(EventKind.gcEnd, 0, 0, 0, row)) this.gcEnd[row] = Math.max(0, this.n - 1);
        break;
      }
      case "finalizer": {
        let k = this.finalizerTypes.indexOf(e.typeName);
        if (k < 0) k = this.finalizerTypes.push(e.typeName) - 1;
        this.push(EventKind.finalizer, e.address, 0, 0, k);
        break;
      }
      case "weakref-callback":
        this.push(EventKind.weakrefCallback, e.address, 0, 0, 0);
        break;
      default:
        break;
    }
  }

  /** Stops listening and returns the recording, its columns trimmed to the rows written. */
  finish(): Recording {
    this.offAlloc();
    this.offEvents();
    const n = this.n;
    // A collection cut off by the event limit ends where the recording ends.
    const ends = this.gcEnd.map((e) => Math.min(e, Math.max(0, n - 1)));
    const typeNames: string[] = [];
    for (let id = 1; id < this.rt.types.size; id++) typeNames[id] = this.rt.types.get(id).name;
    return {
      length: n,
      generations: this.G,
      kind: this.kind.slice(0, n),
      addr: this.addr.slice(0, n),
      size: this.size.slice(0, n),
      type: this.type.slice(0, n),
      arg: this.arg.slice(0, n),
      line: this.lines.slice(0, n),
      live: this.live.slice(0, n),
      held: this.held.slice(0, n),
      gen: this.gen.slice(0, n * this.G),
      gcStartEvent: Uint32Array.from(this.gcStart),
      gcEndEvent: Uint32Array.from(ends),
      gcGeneration: Uint8Array.from(this.gcGen),
      gcPauseMs: Float64Array.from(this.gcPause),
      gcCollected: Uint32Array.from(this.gcCollected),
      gcFreedBytes: Float64Array.from(this.gcFreed),
      typeNames,
      finalizerTypes: [...this.finalizerTypes],
      truncated: this.truncated,
    };
  }
}
