import type { RunResult } from "@heaplab/compare";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

const COLORS = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#ff7f0e",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#17becf",
];

/** The data each chart was drawn from, kept for tests and for anyone who wants the numbers. */
export interface ChartData {
  heap: (number | null)[][];
  pauses: number[][];
  generations: number[][];
}

/** A colour per strategy, stable across charts. */
export function colorOf(i: number): string {
  return COLORS[i % COLORS.length]!;
}

/**
 * Heap held over time, one series per strategy on one chart. The x axis is the runtime's logical
 * clock (allocations made), the same for every strategy, so the lines line up by program point.
 */
function heapData(runs: readonly RunResult[]): (number | null)[][] {
  const xs = [...new Set(runs.flatMap((r) => r.heap.map((p) => p.atAllocation)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const series = runs.map((r) => {
    const ys: (number | null)[] = new Array(xs.length).fill(null);
    for (const p of r.heap) ys[index.get(p.atAllocation)!] = p.heldBytes;
    return ys;
  });
  return [xs, ...series];
}

/** Pause counts per bin (bins double from 1/64 ms), one series per strategy. */
function pauseData(runs: readonly RunResult[]): number[][] {
  const edges: number[] = [];
  for (let e = 1 / 64; e <= 4096; e *= 2) edges.push(e);
  const bin = (ms: number): number => {
    const i = edges.findIndex((e) => ms <= e);
    return i < 0 ? edges.length - 1 : i;
  };
  const series = runs.map((r) => {
    const counts = new Array(edges.length).fill(0);
    for (const p of r.pauses) counts[bin(p)]++;
    return counts;
  });
  return [edges, ...series];
}

/** Collections per generation: x = generation, one bar series per strategy. */
function generationData(runs: readonly RunResult[]): number[][] {
  const gens = Math.max(1, ...runs.map((r) => r.constraints.generations));
  const xs = Array.from({ length: gens }, (_, g) => g);
  return [xs, ...runs.map((r) => xs.map((g) => r.collections[g] ?? 0))];
}

const bars = uPlot.paths.bars?.({ size: [0.8, 40] });

function plot(
  el: HTMLElement,
  title: string,
  runs: readonly RunResult[],
  data: uPlot.AlignedData,
  opts: Partial<uPlot.Options>,
  asBars: boolean,
) {
  el.replaceChildren();
  const width = Math.max(480, Math.min(1100, el.clientWidth || 900));
  return new uPlot(
    {
      title,
      width,
      height: 240,
      series: [
        {},
        ...runs.map((r, i) => ({
          label: r.strategy,
          stroke: colorOf(i),
          ...(asBars ? { fill: `${colorOf(i)}55` } : {}),
          spanGaps: true,
          ...(asBars && bars ? { paths: bars } : {}),
        })),
      ],
      ...opts,
    } as uPlot.Options,
    data,
    el,
  );
}

/**
 * Draws the three charts for one workload's runs and returns the data they show.
 *
 * @example
 * drawCharts(results.filter((r) => r.workload === "list-cycle"), els);
 */
export function drawCharts(
  runs: readonly RunResult[],
  els: { heap: HTMLElement; pauses: HTMLElement; gens: HTMLElement },
): ChartData {
  const heap = heapData(runs);
  const pauses = pauseData(runs);
  const generations = generationData(runs);
  plot(
    els.heap,
    "heap held (bytes)",
    runs,
    heap as uPlot.AlignedData,
    { scales: { x: { time: false } }, axes: [{ label: "allocations" }, { label: "bytes held", size: 80 }] },
    false,
  );
  plot(
    els.pauses,
    "pauses per duration bin (≤ ms)",
    runs,
    pauses as uPlot.AlignedData,
    {
      scales: { x: { time: false, distr: 3 } },
      axes: [{ label: "pause ≤ ms" }, { label: "pauses" }],
    },
    true,
  );
  plot(
    els.gens,
    "collections per generation",
    runs,
    generations as uPlot.AlignedData,
    {
      scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] } },
      axes: [{ label: "generation", incrs: [1] }, { label: "collections" }],
    },
    true,
  );
  return { heap, pauses, generations };
}
