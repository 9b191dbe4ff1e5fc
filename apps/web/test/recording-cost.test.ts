import { Runtime } from "@heaplab/runtime";
import { createWorkloadContext, getWorkload } from "@heaplab/workloads";
import { describe, expect, it } from "vitest";
import { catalog } from "../src/catalog";
import { SMALL_HEAP_SETTINGS } from "../src/engine/small-heap";
import { Recorder } from "../src/record/recorder";

/** Measured pairs per strategy, after one warm-up pair: plain and recorded runs alternate. */
const PAIRS = 9;

/** One run of `temporaries` (≈ 100,000+ events recorded) on a fresh runtime; returns its time and events. */
function run(strategy: string, record: boolean): { ms: number; events: number } {
  const rt = new Runtime(
    catalog
      .get(strategy)
      .create({ heapLimit: 64 << 20, settings: { ...(SMALL_HEAP_SETTINGS[strategy] ?? {}) } }),
    { heapLimit: 64 << 20 },
  );
  const w = getWorkload("temporaries");
  const ctx = createWorkloadContext(rt);
  const t = performance.now();
  const rec = record ? new Recorder(rt) : null;
  const mark = rt.openScope();
  w.run(rt, { ...w.params, iterations: 20_000 }, ctx);
  rt.closeScope(mark);
  const events = rec?.finish().length ?? 0;
  return { ms: performance.now() - t, events };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

describe("what recording a run costs", () => {
  // The issue asks for at most 2× the run without recording; a time is never asserted (the machine is
  // shared), the ratio is printed with the spread of the pairs, for the reader to judge.
  it.each(["cpython-3.11", "jvm-serial", "mark-compact"])(
    "prints %s's recorded / plain time over alternating runs",
    (strategy) => {
      run(strategy, false);
      run(strategy, true);
      const ratios: number[] = [];
      const plain: number[] = [];
      const recorded: number[] = [];
      let events = 0;
      for (let i = 0; i < PAIRS; i++) {
        const p = run(strategy, false);
        const r = run(strategy, true);
        plain.push(p.ms);
        recorded.push(r.ms);
        ratios.push(r.ms / p.ms);
        events = r.events;
      }
      expect(events).toBeGreaterThanOrEqual(100_000);
      const sorted = [...ratios].sort((a, b) => a - b);
      // The fastest runs are the least disturbed by other jobs: their ratio is the steadiest figure.
      const fastest = Math.min(...recorded) / Math.min(...plain);
      console.log(
        `recording ${strategy}, temporaries × 20,000 (${events.toLocaleString("en-US")} events): plain ${median(plain).toFixed(0)} ms, recorded ${median(recorded).toFixed(0)} ms (medians of ${PAIRS}); recorded / plain ${median(ratios).toFixed(2)}× by pair (pairs ${sorted[0]!.toFixed(2)}–${sorted.at(-1)!.toFixed(2)}×), ${fastest.toFixed(2)}× fastest against fastest; the issue asks ≤ 2×`,
      );
    },
  );
});
