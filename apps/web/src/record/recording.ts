/**
 * A recorded run, stored column by column in typed arrays: one row per event, no JS object per
 * event, so 100,000 events cost a few megabytes and cross from the Worker to the page by transfer.
 *
 * ```
 *  row i:  kind[i]  addr[i]   size[i]   type[i]  arg[i]            line[i]   live/held[i] gen[i*G …]
 *  ALLOC   1        block     bytes     typeId   0                 src line  after it     bytes per
 *  FREE    2        block     bytes     typeId   0                 …                      generation
 *  MOVE    3        to block  bytes     typeId   from block        …
 *  GC_START 4       0         0         0        collection index  …
 *  GC_END  5        0         0         0        collection index  …
 *  FINAL   6        object    0         0        type-name index   …
 *  WEAKCB  7        object    0         0        0                 …
 * ```
 *
 * `addr` is always the start of the object's block (its address minus the strategy's header), so a
 * heap map paints `[addr, addr + size)`. Collections carry their details in the `gc*` columns, one row
 * per collection.
 *
 * @example
 * if (recording.kind[i] === EventKind.gcEnd) console.log("collection", recording.arg[i] + 1, "ended");
 */
export const EventKind = {
  alloc: 1,
  free: 2,
  move: 3,
  gcStart: 4,
  gcEnd: 5,
  finalizer: 6,
  weakrefCallback: 7,
} as const;

/** One recorded run (transferable: every field is a typed array, a number or strings). */
export interface Recording {
  /** Events recorded. */
  length: number;
  /** Generations the strategy has (columns of `gen`). */
  generations: number;
  kind: Uint8Array;
  addr: Uint32Array;
  size: Uint32Array;
  /** The object's type id (ALLOC, FREE, MOVE). */
  type: Uint16Array;
  arg: Uint32Array;
  /** The Python source line current at the event (0: none, e.g. a built-in workload). */
  line: Uint32Array;
  /** Bytes in live objects after the event (object blocks only; auxiliary storage is not evented). */
  live: Float64Array;
  /** Bytes per generation after the event, `generations` numbers a row. */
  gen: Float64Array;
  /** Bytes the heap held from the operating system after the event (arenas, spaces, raw blocks). */
  held: Float64Array;
  /** One row per collection: the events it started and ended at, its generation, pause, objects freed. */
  gcStartEvent: Uint32Array;
  gcEndEvent: Uint32Array;
  gcGeneration: Uint8Array;
  gcPauseMs: Float64Array;
  gcCollected: Uint32Array;
  gcFreedBytes: Float64Array;
  /** Type names by type id (the `type` column), and finalizer type names by index. */
  typeNames: string[];
  finalizerTypes: string[];
  /** True when recording stopped at `maxEvents` before the program ended. */
  truncated: boolean;
}

/**
 * The typed arrays of a recording, for `postMessage(…, transfer)`.
 *
 * @example
 * postMessage({ recording }, transferablesOf(recording));
 */
export function transferablesOf(r: Recording): ArrayBuffer[] {
  return [
    r.kind,
    r.addr,
    r.size,
    r.type,
    r.arg,
    r.line,
    r.live,
    r.gen,
    r.held,
    r.gcStartEvent,
    r.gcEndEvent,
    r.gcGeneration,
    r.gcPauseMs,
    r.gcCollected,
    r.gcFreedBytes,
  ].map((a) => a.buffer as ArrayBuffer);
}

/**
 * Index of the last element of sorted `xs[0..n)` that is ≤ `v`, or -1: binary search, no allocation.
 *
 * @example
 * lastAtOrBefore(new Uint32Array([2, 5, 9]), 3, 6); // 1
 */
export function lastAtOrBefore(xs: ArrayLike<number>, n: number, v: number): number {
  let lo = 0;
  let hi = n - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= v) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Collections that have ended at or before event `i`.
 *
 * @example
 * collectionsSoFar(recording, recording.length - 1); // every collection of the run
 */
export function collectionsSoFar(r: Recording, i: number): number {
  return lastAtOrBefore(r.gcEndEvent, r.gcEndEvent.length, i) + 1;
}

/**
 * The first event after `i` that ends a collection, or -1 when none is left ("step to next collection").
 *
 * @example
 * nextCollectionEnd(recording, 0);
 */
export function nextCollectionEnd(r: Recording, i: number): number {
  const k = lastAtOrBefore(r.gcEndEvent, r.gcEndEvent.length, i) + 1;
  return k < r.gcEndEvent.length ? r.gcEndEvent[k]! : -1;
}

/**
 * The last event before `i` that ends a collection, or -1 ("step to previous collection").
 *
 * @example
 * previousCollectionEnd(recording, recording.length - 1);
 */
export function previousCollectionEnd(r: Recording, i: number): number {
  const k = lastAtOrBefore(r.gcEndEvent, r.gcEndEvent.length, i - 1);
  return k < 0 ? -1 : r.gcEndEvent[k]!;
}
