/**
 * Why a collection ran.
 * @example
 * rt.collect(0, "explicit"); // reason "explicit"; strategies pass "allocation", "threshold", ...
 */
export type CollectReason = "explicit" | "allocation" | "threshold" | "memory-pressure" | "shutdown";

/**
 * A collection started.
 * @example
 * rt.events.on((e) => { if (e.type === "gc-start") console.log(e.generation, e.reason); });
 */
export interface GcStartEvent {
  type: "gc-start";
  /** 1, 2, 3 … over the runtime's life. */
  seq: number;
  generation: number;
  reason: CollectReason;
  /** Bytes held by the heap when the collection started. */
  heapBytes: number;
  /** Allocations made so far: the runtime's logical clock. */
  atAllocation: number;
}

/**
 * A collection ended.
 * @example
 * rt.events.on((e) => { if (e.type === "gc-end") console.log(`${e.pauseMs} ms, ${e.collected} dead`); });
 */
export interface GcEndEvent {
  type: "gc-end";
  seq: number;
  generation: number;
  reason: CollectReason;
  /** Wall-clock pause in milliseconds. */
  pauseMs: number;
  /** Objects found dead (what `gc.collect` returns, for CPython: collected + uncollectable). */
  collected: number;
  uncollectable: number;
  /** Bytes of objects found dead and freed. */
  freedBytes: number;
  /** Bytes copied or slid by a moving collector. */
  movedBytes: number;
  /** Bytes promoted to an older generation. */
  promotedBytes: number;
  heapBytesBefore: number;
  heapBytesAfter: number;
  atAllocation: number;
}

/**
 * A finalizer (`__del__`) ran.
 * @example
 * rt.events.on((e) => { if (e.type === "finalizer") console.log(e.typeName, e.gcSeq); });
 */
export interface FinalizerEvent {
  type: "finalizer";
  typeName: string;
  address: number;
  /** Sequence number of the collection it ran in or after, or 0 when reference counting freed it. */
  gcSeq: number;
  atAllocation: number;
}

/**
 * A weak-reference callback ran.
 * @example
 * rt.events.on((e) => { if (e.type === "weakref-callback") console.log(e.address); });
 */
export interface WeakrefCallbackEvent {
  type: "weakref-callback";
  address: number;
  gcSeq: number;
  atAllocation: number;
}

/**
 * An exception in a finalizer or callback that could not be raised ("Exception ignored in: …").
 * @example
 * rt.events.on((e) => { if (e.type === "unraisable") console.error(e.message); });
 */
export interface UnraisableEvent {
  type: "unraisable";
  message: string;
}

/**
 * A log line in a collector's native format (`-Xlog:gc`, CLR GC events, `DEBUG_STATS`).
 * @example
 * rt.events.on((e) => { if (e.type === "log") console.log(e.text); });
 */
export interface LogEvent {
  type: "log";
  text: string;
}

/**
 * A heap-size sample, taken at the end of every collection and on request.
 * @example
 * rt.events.on((e) => { if (e.type === "heap-sample") console.log(e.usedBytes, e.heldBytes); });
 */
export interface HeapSampleEvent {
  type: "heap-sample";
  atAllocation: number;
  /** Bytes the heap holds from the operating system. */
  heldBytes: number;
  /** Bytes in live (allocated, not yet freed) objects and their storage. */
  usedBytes: number;
}

/**
 * All the events of the stream, told apart by `type`.
 * @example
 * rt.events.on((e: HeapEvent) => console.log(e.type));
 */
export type HeapEvent =
  | GcStartEvent
  | GcEndEvent
  | FinalizerEvent
  | WeakrefCallbackEvent
  | UnraisableEvent
  | LogEvent
  | HeapSampleEvent;

/**
 * Low-level hooks called with plain numbers (no event object), only while someone listens.
 * @example
 * const off = rt.events.onAllocation({ alloc: (addr, typeId, bytes) => count++ });
 */
export interface AllocationListener {
  alloc?(addr: number, typeId: number, bytes: number): void;
  free?(addr: number, typeId: number, bytes: number): void;
  move?(from: number, to: number): void;
  /**
   * A tracing collection marked `obj` (its address before the collection), in the order its marking
   * reached it from the roots. Copying collectors report their reach order as moves instead.
   */
  reach?(obj: number): void;
}

/**
 * The one event stream: collections, finalizers, callbacks, logs and heap samples as event objects;
 * allocation, free and move as plain-number hooks that cost nothing when nobody listens. The demo, the
 * benchmarks and the inspection tools all read this; none computes its own copy.
 *
 * @example
 * const off = rt.events.on((e) => { if (e.type === "gc-end") console.log(e.pauseMs); });
 * off();
 */
export class EventStream {
  private listeners: ((e: HeapEvent) => void)[] = [];
  private allocListeners: AllocationListener[] = [];
  /** True while at least one allocation listener is attached (check before calling `alloc`). */
  tracing = false;

  /** Subscribes to every event; returns the unsubscribe function. */
  on(fn: (e: HeapEvent) => void): () => void {
    this.listeners.push(fn);
    return () => {
      this.listeners = this.listeners.filter((f) => f !== fn);
    };
  }

  /** Subscribes to allocation, free and move hooks; returns the unsubscribe function. */
  onAllocation(l: AllocationListener): () => void {
    this.allocListeners.push(l);
    this.tracing = true;
    return () => {
      this.allocListeners = this.allocListeners.filter((x) => x !== l);
      this.tracing = this.allocListeners.length > 0;
    };
  }

  /** Whether anyone listens to events. Emitters may skip building an event when false. */
  get active(): boolean {
    return this.listeners.length > 0;
  }

  emit(e: HeapEvent): void {
    for (const fn of this.listeners) fn(e);
  }

  alloc(addr: number, typeId: number, bytes: number): void {
    for (const l of this.allocListeners) l.alloc?.(addr, typeId, bytes);
  }

  free(addr: number, typeId: number, bytes: number): void {
    for (const l of this.allocListeners) l.free?.(addr, typeId, bytes);
  }

  move(from: number, to: number): void {
    for (const l of this.allocListeners) l.move?.(from, to);
  }

  reach(obj: number): void {
    for (const l of this.allocListeners) l.reach?.(obj);
  }
}
