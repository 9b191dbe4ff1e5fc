/**
 * Nearest-rank percentile of `values` (sorted ascending or not): the smallest value with at least
 * `p` percent of the values at or below it. 0 for an empty list.
 *
 * @example
 * percentile([1, 2, 3, 4], 50); // 2
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** A stop-the-world interval, in milliseconds from the start of the run. */
export interface PauseInterval {
  start: number;
  end: number;
}

/**
 * Minimum mutator utilisation (Cheng and Blelloch): for a window of `windowMs`, the smallest fraction
 * of any window `[t, t + windowMs]` inside `[0, totalMs]` left to the program. The worst window starts
 * at a pause start or ends at a pause end, so only those are tried; the GC time in a window comes from
 * a prefix sum over the (sorted, non-overlapping) pauses. Returns 1 when there are no pauses and
 * `null` when the run is shorter than the window.
 *
 * @example
 * mmu([{ start: 10, end: 15 }], 100, 10); // 0.5
 */
export function mmu(pauses: readonly PauseInterval[], totalMs: number, windowMs: number): number | null {
  if (windowMs <= 0 || totalMs < windowMs) return null;
  if (pauses.length === 0) return 1;
  const starts = pauses.map((p) => p.start);
  const prefix = [0];
  for (const p of pauses) prefix.push(prefix[prefix.length - 1]! + (p.end - p.start));
  // GC time in [0, x]
  const gcUntil = (x: number): number => {
    let lo = 0;
    let hi = starts.length; // first pause starting after x
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return 0;
    const last = pauses[lo - 1]!;
    return prefix[lo - 1]! + Math.min(x, last.end) - last.start;
  };
  let worst = 1;
  const tryWindow = (t: number): void => {
    const s = Math.min(Math.max(0, t), totalMs - windowMs);
    const gc = gcUntil(s + windowMs) - gcUntil(s);
    worst = Math.min(worst, 1 - gc / windowMs);
  };
  for (const p of pauses) {
    tryWindow(p.start);
    tryWindow(p.end - windowMs);
  }
  return Math.max(0, worst);
}
