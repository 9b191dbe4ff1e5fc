/**
 * How the minimum-heap search goes: where it starts, how far it may grow, how fine it gets.
 * @example
 * findMinimumHeap(completes, { start: 1 << 20, max: 1 << 30, precision: 0.05, granule: 64 << 10 });
 */
export interface SearchBounds {
  /** First heap tried, in bytes. */
  start: number;
  /** Largest heap tried before giving up, in bytes. */
  max: number;
  /** Stop when the bracket (hi − lo) is at most this share of hi. */
  precision: number;
  /** Heap sizes are whole multiples of this many bytes (a page). */
  granule: number;
}

/**
 * The search's answer: the smallest heap found to complete, and how many probes it took.
 * @example
 * const { bytes, probes } = await findMinimumHeap(completes, bounds); // bytes null: never completed
 */
export interface MinimumHeap {
  /** Smallest heap (bytes) the run completed in, or null if it never did up to `max`. */
  bytes: number | null;
  probes: number;
}

const roundUp = (n: number, g: number): number => Math.ceil(n / g) * g;

/**
 * Finds the smallest heap limit in which a run completes: doubles from `start` until a run completes
 * (or `max` fails), then bisects the bracket [last failure, first success] until it is narrower than
 * `precision` of the heap. Assumes completion is monotone in heap size (a larger heap never fails
 * where a smaller one completed), as the GC literature's minimum-heap methodology does; a strategy whose
 * heuristics break that gets the smallest success the bisection met. `completes` is asked once per
 * probe, in order (each probe is a run).
 *
 * Invariant: `lo` always failed (or is 0: never tried), `hi` always completed.
 *
 * @example
 * await findMinimumHeap(async (h) => h >= 3_000_000, { start: 1 << 20, max: 1 << 30, precision: 0.02, granule: 4096 });
 * // { bytes: 3_002_368 or so, probes: … }
 */
export async function findMinimumHeap(
  completes: (heapBytes: number) => Promise<boolean>,
  bounds: SearchBounds,
): Promise<MinimumHeap> {
  let probes = 0;
  const probe = async (h: number): Promise<boolean> => {
    probes++;
    return completes(h);
  };
  // Grow: find a heap that completes.
  let lo = 0;
  let hi = roundUp(bounds.start, bounds.granule);
  while (!(await probe(hi))) {
    lo = hi;
    if (hi >= bounds.max) return { bytes: null, probes };
    hi = Math.min(bounds.max, roundUp(hi * 2, bounds.granule));
  }
  // Shrink: if the first probe completed, find a failing floor by halving.
  if (lo === 0) {
    while (hi > bounds.granule) {
      const h = roundUp(hi / 2, bounds.granule);
      if (await probe(h)) hi = h;
      else {
        lo = h;
        break;
      }
    }
  }
  // Bisect the bracket.
  while (hi - lo > Math.max(bounds.granule, bounds.precision * hi)) {
    const mid = roundUp((lo + hi) / 2, bounds.granule);
    if (mid >= hi) break;
    if (await probe(mid)) hi = mid;
    else lo = mid;
  }
  return { bytes: hi, probes };
}
