import {
  type CollectReason,
  type Constraints,
  HeapCorruptionError,
  HeaplabError,
  type HeapServices,
  type HeapStats,
  MemoryError,
  type Strategy,
  type TypeInfo,
} from "@heaplab/runtime";
import {
  addStatus,
  ageOf,
  blockBytes,
  clearForwardee,
  clearStatus,
  FINALIZED,
  FORWARDED,
  FREE,
  forwardeeOf,
  HEADER_BYTES,
  PINNED,
  setStatus,
  sizeOf,
  statusOf,
  typeIdOf,
} from "../header";
import { SpaceMap } from "../space-map";
import { AuxSpace } from "../spaces/aux-space";
import type { BumpSpace } from "../spaces/bump-space";
import type { LargeObjectSpace } from "../spaces/large-object-space";
import { allocLargeObject } from "./alloc-large";
import type { CheneyCopier } from "./cheney";
import { FinalizationQueue } from "./finalization-queue";
import { heapFull } from "./grow";
import { verifyTracingHeap } from "./heap-verifier";
import type { SlidingCompactor } from "./lisp2";
import type { LivenessOps } from "./liveness";
import type { Marker } from "./mark";
import { checkHeapLimit } from "./settings";
import type { GrowthTrigger } from "./trigger";
import { WeakReferenceProcessor } from "./weak-reference-processor";

/** What one collection found, accumulated while it runs and reported in its `gc-end` event. */
export interface GcTally {
  seq: number;
  generation: number;
  reason: CollectReason;
  t0: number;
  heapBefore: number;
  usedBefore: number;
  collected: number;
  freedBytes: number;
  movedBytes: number;
  promotedBytes: number;
}

/**
 * The part every tracing plan shares, MMTk's BasePlan: the header, auxiliary storage, the finalizer and
 * weak-reference registries and queues, the events of a collection and the counters. A plan (a strategy)
 * extends it with its spaces, its allocation path and its collection; no plan imports another.
 */
export abstract class TracingPlan implements Strategy {
  abstract readonly name: string;
  abstract readonly description: string;
  abstract readonly constraints: Constraints;

  protected heap!: HeapServices;
  protected readonly spaceMap = new SpaceMap();
  protected aux!: AuxSpace;
  /** Finalizable objects and the f-reachable queue (`core/finalization-queue.ts`). */
  protected readonly finalization = new FinalizationQueue();
  /** Weak references and their queued callbacks (`core/weak-reference-processor.ts`). */
  protected readonly weak = new WeakReferenceProcessor();
  /** Objects and their bytes (headers included) allocated and not yet found dead. */
  protected objects = 0;
  protected objectBytes = 0;
  /** Collections run, per generation (as `GC.CollectionCount` counts: a gen-N GC counts for 0..N). */
  protected collections: number[] = [];
  /** The collection running now, if any. */
  protected tally: GcTally | null = null;
  private inGc = false;

  attach(heap: HeapServices): void {
    // The limit given at construction was checked there; the runtime's may differ.
    checkHeapLimit(this.name, this.constraints, heap.os.limitBytes);
    this.heap = heap;
    this.aux = new AuxSpace(heap.os, heap.memory);
    this.collections = new Array(this.constraints.generations).fill(0);
    this.init();
  }

  /** Sets up the plan's spaces (called once from `attach`). */
  protected abstract init(): void;

  prefixBytes(_t: TypeInfo): number {
    return HEADER_BYTES;
  }

  /**
   * Finds room for a block of `size` bytes (header included) for an object of type `t`, collecting if
   * the plan's policy says so; returns the block address. @throws MemoryError
   */
  protected abstract allocBlock(size: number, t: TypeInfo): number;

  /**
   * An allocation's slow path (MMTk's `alloc_slow`: collect, then retry): collects each of `generations`
   * in turn (for `reason`) and retries `retry(size)` after each; the first block it returns wins. A
   * plan's fast path (one bump) stays in its `allocBlock`, and `retry` is made once, not per call: a
   * closure over `size` in `allocBlock` would cost an allocation on every bump (measured: semispace and
   * mark-compact ran 3-4x slower on binary-trees). @throws MemoryError when the last retry finds no room.
   * @example
   * private readonly bumpEden = (size: number) => this.eden.alloc(size);
   * return this.eden.alloc(size) || this.allocAfterCollecting(size, this.bumpEden, [0, 1]);
   */
  protected allocAfterCollecting(
    size: number,
    retry: (size: number) => number,
    generations: readonly number[],
    reason: CollectReason = "allocation",
  ): number {
    for (const generation of generations) {
      this.collect(generation, reason);
      const block = retry(size);
      if (block !== 0) return block;
    }
    throw this.fullHeapError(size);
  }

  /** The MemoryError for `size` bytes the plan found no room for even after its fullest collection. */
  protected fullHeapError(size: number): MemoryError {
    return heapFull(this.name, size, this.usedBytes(), this.heap.os.limitBytes, this.heap.os.heldBytes);
  }

  allocate(t: TypeInfo, bodyBytes: number): number {
    const size = blockBytes(Math.max(bodyBytes, 8));
    const block = this.allocBlock(size, t);
    const u32 = this.heap.memory.u32;
    const b = block >>> 2;
    // A fresh status: the block's old bytes may hold a dead or moved object's header (even its PINNED bit).
    u32[b] = size;
    u32[b + 1] = 0;
    // Zero the body; a word loop beats a typed-array fill call for the small objects that dominate.
    const end = b + (size >>> 2);
    if (size <= 256) for (let i = b + 3; i < end; i++) u32[i] = 0;
    else u32.fill(0, b + 3, end);
    const obj = block + HEADER_BYTES;
    u32[b + 2] = t.id;
    this.objects++;
    this.objectBytes += size;
    if (t.finalizer !== null) this.finalization.register(obj);
    if (t.kind === "weakref") this.weak.register(obj);
    return obj;
  }

  allocAux(bytes: number): number {
    const a = this.aux.alloc(bytes);
    if (a === 0) {
      // No collection here: callers hold raw addresses across aux allocation (set resizing), so
      // auxiliary storage fails fast instead of moving objects under them.
      throw new MemoryError(
        `MemoryError: cannot allocate ${bytes} bytes of auxiliary storage under '${this.name}': ${this.heap.os.heldBytes} of ${this.heap.os.limitBytes} bytes held`,
        bytes,
        this.heap.os.limitBytes,
        this.heap.os.heldBytes,
      );
    }
    return a;
  }

  reallocAux(addr: number, oldBytes: number, newBytes: number): number {
    const a = this.allocAux(newBytes);
    if (addr !== 0) {
      this.heap.memory.copy(a, addr, Math.min(oldBytes, newBytes));
      this.aux.free(addr);
    }
    return a;
  }

  freeAux(addr: number, _bytes: number): void {
    this.aux.free(addr);
  }

  writeRef(_obj: number, slot: number, value: number): void {
    this.heap.memory.u32[slot >>> 2] = value;
  }

  writeWeakRef(obj: number, slot: number, value: number): void {
    this.writeRef(obj, slot, value);
  }

  retain(_obj: number): void {}

  release(_obj: number): void {}

  /**
   * Runs one collection of `generation` (the plan's `runCollection`). The in-collection flag and the
   * open tally are restored whatever happens inside (try/finally, as MMTk's GC controller leaves its
   * state machine), so a failure inside a collection, such as a MemoryError from a region the OS
   * refused, leaves the plan usable: the next allocation may collect again.
   * @throws HeaplabError when asked to collect from inside a collection (a finalizer never runs there).
   */
  collect(generation: number, reason: CollectReason): number {
    if (this.inGc) throw new HeaplabError(`'${this.name}' was asked to collect during a collection`);
    this.inGc = true;
    try {
      return this.runCollection(generation, reason);
    } finally {
      this.inGc = false;
      this.tally = null;
    }
  }

  /**
   * The plan's collection of `generation`, between `beginGc` and `endGc` (one or more pairs: a failed
   * scavenge falls back to a full collection). Called only through `collect`.
   */
  protected abstract runCollection(generation: number, reason: CollectReason): number;

  abstract forEachObject(visit: (obj: number) => void): void;

  isObject(obj: number): boolean {
    if (obj === 0 || obj % 8 !== 0) return false;
    let found = false;
    this.forEachObject((o) => {
      if (o === obj) found = true;
    });
    return found;
  }

  isFinalized(obj: number): boolean {
    return (statusOf(this.heap.memory.u32, obj) & FINALIZED) !== 0;
  }

  /**
   * Pins `obj` so no collection moves it (the CLR's pinned handle, MMTk's `pin_object`).
   * @throws HeaplabError under a plan that cannot pin.
   */
  pin(obj: number): void {
    if (!this.constraints.pinning)
      throw new HeaplabError(`'${this.name}' cannot pin objects: ${this.constraints.largeObjects}`);
    addStatus(this.heap.memory.u32, obj, PINNED);
  }

  /** Lets a pinned object move again. */
  unpin(obj: number): void {
    clearStatus(this.heap.memory.u32, obj, PINNED);
  }

  /**
   * The generation `obj` is in: 0 for a plan with one generation; generational plans answer from the
   * space the object sits in.
   * @example
   * plan.generationOf(obj); // 0 in the nursery, 1 once promoted
   */
  generationOf(_obj: number): number {
    return 0;
  }

  /**
   * Young collections `obj` survived, from the header's age bits (only `jvm-serial` ages objects; 0
   * elsewhere).
   * @example
   * plan.ageOf(obj); // 2 after two scavenges in the survivor spaces
   */
  ageOf(obj: number): number {
    return ageOf(this.heap.memory.u32, obj);
  }

  /** Whether `obj` is pinned. */
  isPinned(obj: number): boolean {
    return (statusOf(this.heap.memory.u32, obj) & PINNED) !== 0;
  }

  /** Runs the queued weak-reference callbacks, then the queued finalizers (the finalizer thread). */
  drainFinalizers(): number {
    return (
      this.weak.drain((wr, seq) => this.heap.runWeakrefCallback(wr, seq)) +
      this.finalization.drain((obj, seq) => this.heap.runFinalizer(obj, seq))
    );
  }

  // ------------------------------------------------------------------ collections

  /** Opens a collection: numbers it, emits `gc-start`, starts the clock. */
  protected beginGc(generation: number, reason: CollectReason): GcTally {
    const seq = this.heap.nextGcSeq();
    const heapBefore = this.heap.os.heldBytes;
    if (this.heap.events.active)
      this.heap.events.emit({
        type: "gc-start",
        seq,
        generation,
        reason,
        heapBytes: heapBefore,
        atAllocation: this.heap.allocations(),
      });
    this.tally = {
      seq,
      generation,
      reason,
      t0: performance.now(),
      heapBefore,
      usedBefore: this.usedBytes(),
      collected: 0,
      freedBytes: 0,
      movedBytes: 0,
      promotedBytes: 0,
    };
    return this.tally;
  }

  /** Closes a collection: counts it, emits `gc-end` and a `heap-sample`; returns the pause in ms. */
  protected endGc(t: GcTally): number {
    const pauseMs = performance.now() - t.t0;
    for (let g = 0; g <= t.generation && g < this.collections.length; g++) this.collections[g]!++;
    this.tally = null;
    if (this.finalization.pending.length > 0 || this.weak.pendingCallbacks.length > 0)
      this.heap.requestFinalization();
    const ev = this.heap.events;
    if (ev.active) {
      ev.emit({
        type: "gc-end",
        seq: t.seq,
        generation: t.generation,
        reason: t.reason,
        pauseMs,
        collected: t.collected,
        uncollectable: 0,
        freedBytes: t.freedBytes,
        movedBytes: t.movedBytes,
        promotedBytes: t.promotedBytes,
        heapBytesBefore: t.heapBefore,
        heapBytesAfter: this.heap.os.heldBytes,
        atAllocation: this.heap.allocations(),
      });
      ev.emit({
        type: "heap-sample",
        atAllocation: this.heap.allocations(),
        heldBytes: this.heap.os.heldBytes,
        usedBytes: this.usedBytes(),
      });
    }
    return pauseMs;
  }

  /** Emits a log line in the plan's native format. */
  protected log(text: string): void {
    if (this.heap.events.active) this.heap.events.emit({ type: "log", text });
  }

  /**
   * An object was found dead: free its auxiliary storage (unless it is a stale original whose copy
   * owns the storage now), count it, tell allocation listeners. Its block is reclaimed by the caller.
   */
  protected reclaim(obj: number): void {
    const m = this.heap.memory;
    const st = statusOf(m.u32, obj);
    const size = sizeOf(m.u32, obj);
    if ((st & FORWARDED) === 0) {
      const a = this.heap.model.auxAddress(obj);
      if (a !== 0) this.aux.free(a);
      this.objects--;
      this.objectBytes -= size;
      if (this.tally !== null) {
        this.tally.collected++;
        this.tally.freedBytes += size;
      }
      if (this.heap.events.tracing) this.heap.events.free(obj, typeIdOf(m.u32, obj), size);
    }
  }

  /**
   * Applies `fn` to every root slot: handles, the shadow stack of compiled code, then the finalizer and
   * callback queues.
   */
  protected forEachRoot(fn: (addr: number) => number): void {
    this.heap.roots.forEachRootWord((words, i) => {
      const a = words[i]!;
      const n = fn(a);
      if (n !== a) words[i] = n;
    });
    for (const queue of [this.finalization.pending, this.weak.pendingCallbacks])
      for (let i = 0; i < queue.length; i++) queue[i] = fn(queue[i]!);
  }

  /**
   * A sliding (Lisp-2) compaction of `groups` (each slides within its own regions), after marking and
   * reference processing: compute new addresses (the dead are reclaimed), adjust every reference held by
   * a live object of the groups, by the objects `alsoAdjust` names (live objects outside the groups that
   * may refer into them: large objects, older objects on dirty cards), by the roots and the registries,
   * then move. Before: survivors carry MARK. After: survivors sit at their new addresses, unmarked.
   * @returns the bytes moved.
   */
  protected slidingCompact(
    compactor: SlidingCompactor,
    groups: readonly (readonly BumpSpace[])[],
    alsoAdjust?: (adjust: (obj: number) => void) => void,
  ): number {
    compactor.computeForwarding(groups, (o) => this.reclaim(o));
    const adjust = (o: number) => compactor.adjustObject(o);
    compactor.forEachLive(adjust);
    alsoAdjust?.(adjust);
    this.forEachRoot((a) => compactor.forward(a));
    this.forwardRegistries((a) => compactor.forward(a));
    compactor.moveHook = this.moveListener();
    compactor.move();
    return compactor.movedBytes;
  }

  /**
   * A copying collection's closure (Cheney; HotSpot's DefNew, MMTk's CopySpace): the roots are evacuated
   * into `into`, then `scanRememberedSet` (a young collection's extra roots: objects on dirty cards),
   * the copies are scanned until nothing is left, references are processed (`touched` told of each store
   * it makes) and the registries forwarded. Before: no object carries MARK or FORWARDED; `into` is where
   * copies go from its current tops. After: every survivor of the condemned spaces is copied (or, when
   * its destination refused it, forwarded to itself in place); the originals are left to reclaim.
   * @returns the objects queued for finalization.
   */
  protected copyLive(
    copier: CheneyCopier,
    into: BumpSpace[],
    scanRememberedSet?: () => void,
    touched?: (obj: number) => void,
  ): number {
    copier.moveHook = this.moveListener();
    copier.begin(into);
    this.forEachRoot((a) => copier.evacuate(a));
    scanRememberedSet?.();
    copier.drain();
    const queued = this.processReferences(copier.liveness(touched));
    this.forwardRegistries((o) => copier.current(o));
    return queued;
  }

  /** The runtime's move event as a collector's hook, or null when nobody listens (no call per move). */
  private moveListener(): ((from: number, to: number) => void) | null {
    return this.heap.events.tracing ? (a, b) => this.heap.events.move(a, b) : null;
  }

  /** Allocates a large object in `los`, collecting `generation` first when its trigger is due or the OS refuses. */
  protected allocInLargeSpace(
    los: LargeObjectSpace,
    trigger: GrowthTrigger,
    size: number,
    generation: number,
  ): number {
    return allocLargeObject(
      los,
      trigger,
      size,
      (r) => this.collect(generation, r),
      () => this.heap.memory.u32,
    );
  }

  /** Frees every unmarked large object of `los` (a full collection's sweep); survivors lose their mark. */
  protected sweepLarge(los: LargeObjectSpace): void {
    los.sweep(
      () => this.heap.memory.u32,
      () => true,
      (o) => this.reclaim(o),
    );
  }

  /**
   * After a copying collection: reclaims every object of `spaces` that was not copied (the dead; a
   * copied original's block is stale) and empties the spaces for reuse.
   */
  protected reclaimUncopied(spaces: readonly BumpSpace[]): void {
    const u32 = this.heap.memory.u32;
    for (const s of spaces) {
      s.forEachBlock((o) => {
        if ((statusOf(u32, o) & FORWARDED) === 0) this.reclaim(o);
      }, u32);
      s.reset();
    }
  }

  /**
   * After a copying collection whose destination refused some objects (HotSpot's promotion failure,
   * `remove_forwarding_pointers`): in `spaces`, the dead are reclaimed and become free fillers, the
   * originals of copied objects become fillers, and the objects left in place (forwarded to themselves)
   * get their headers back. The spaces keep their tops: the survivors left there stay until a full
   * collection moves them.
   */
  protected reclaimAfterFailedCopy(spaces: readonly BumpSpace[]): void {
    const u32 = this.heap.memory.u32;
    for (const s of spaces)
      s.forEachBlock((o) => {
        const st = statusOf(u32, o);
        if ((st & FREE) !== 0) return;
        if ((st & FORWARDED) === 0) this.reclaim(o);
        else if (forwardeeOf(u32, o) === o) {
          clearForwardee(u32, o);
          return;
        }
        setStatus(u32, o, FREE);
      }, u32);
  }

  /**
   * Marks everything reachable from the roots (and, with `finalizable`, from every registered
   * finalizable object: an upper bound of what a collection keeps; then `scanRememberedSet`, a young
   * collection's objects on dirty cards), then completes the closure.
   */
  protected markFromRoots(marker: Marker, finalizable = false, scanRememberedSet?: () => void): void {
    marker.begin();
    this.forEachRoot((a) => marker.mark(a));
    if (finalizable) for (const f of this.finalization.registered) marker.mark(f);
    scanRememberedSet?.();
    marker.drain();
  }

  /** Rewrites the registries' addresses after objects moved. */
  protected forwardRegistries(fn: (addr: number) => number): void {
    for (const registry of [this.finalization.registered, this.weak.registered])
      for (let i = 0; i < registry.length; i++) registry[i] = fn(registry[i]!);
  }

  /**
   * Finalization and weak references after the strong closure (the JVM's reference processing, the
   * CLR's f-reachable queue and short weak handles):
   * 1. note which weak referents are strongly reachable;
   * 2. every finalizable object found dead is marked FINALIZED, queued and kept alive with everything
   *    it reaches (so a finalizer runs exactly once, later, and may resurrect);
   * 3. every weak reference whose referent was not strongly reachable is cleared (its callback queued
   *    if the weak reference itself survives); the weak lists of surviving referents are rebuilt from
   *    surviving weak references, so no list links a dead one.
   * Before: the strong closure is complete. After: registries hold pre-collection addresses of
   * survivors (forward them with `forwardRegistries` once addresses are final).
   * @returns the objects queued for finalization.
   */
  protected processReferences(ops: LivenessOps): number {
    const u32of = () => this.heap.memory.u32;
    const seq = this.tally?.seq ?? 0;
    const strong = this.weak.strongReferents(ops, u32of);
    const queued = this.finalization.queueDead(ops, seq, u32of);
    this.weak.clearOrRelink(ops, strong, seq, this.heap.model, u32of);
    return queued;
  }

  // ------------------------------------------------------------------ verification and counters

  /** Bytes in objects and auxiliary storage not yet found dead. */
  protected usedBytes(): number {
    return this.objectBytes + this.aux.usedBytes();
  }

  /** Fragmentation the plan knows of (free bytes inside its spaces it cannot hand out). */
  protected fragmentationBytes(): number {
    return 0;
  }

  stats(): HeapStats {
    return {
      heldBytes: this.heap.os.heldBytes,
      usedBytes: this.usedBytes(),
      liveObjects: this.objects,
      returnedBytes: this.heap.os.returnedBytes,
      fragmentation: this.fragmentationBytes(),
      collections: [...this.collections],
    };
  }

  /** Throws a HeapCorruptionError. */
  protected fail(msg: string, addr: number): never {
    throw new HeapCorruptionError(`${this.name}: ${msg}`, addr);
  }

  /** The checks every tracing plan shares (`core/heap-verifier.ts`), then the plan's own. */
  verify(): void {
    const { memory, model, roots } = this.heap;
    const live = verifyTracingHeap({
      memory,
      model,
      roots,
      aux: this.aux,
      forEachObject: (visit) => this.forEachObject(visit),
      registries: [
        this.finalization.registered,
        this.weak.registered,
        this.finalization.pending,
        this.weak.pendingCallbacks,
      ],
      fail: (m, a) => this.fail(m, a),
    });
    this.verifyPlan(live);
  }

  /** The plan's own invariants (spaces, cards, generations). */
  protected abstract verifyPlan(live: Set<number>): void;
}
