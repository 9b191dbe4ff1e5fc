import type { RunResult } from "@heaplab/compare";
import { bytes } from "@heaplab/compare/internals";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { cssVar } from "../ui/theme";

/**
 * A colour per strategy, stable across charts and readable in both themes (CSS `--series-N`).
 *
 * @example
 * colorOf(0); // "#2456c7" in the light theme
 */
export function colorOf(i: number): string {
  return cssVar(`--series-${i % 9}`) || "#3b6fd4";
}

/** The data each chart was drawn from, kept for tests and for anyone who wants the numbers. */
export interface ChartData {
  /** x = allocations; then per strategy: held bytes, live bytes. */
  heap: (number | null)[][];
  pauses: number[][];
  generations: number[][];
}

/**
 * Pause histogram bin edges in ms: doubling from 1/64 ms to 4 s.
 *
 * @example
 * PAUSE_EDGES.findIndex((e) => pauseMs <= e); // the bin of a pause
 */
export const PAUSE_EDGES: readonly number[] = Array.from({ length: 19 }, (_, k) => 2 ** (k - 6));

/**
 * Heap held and live over time, two series per strategy on one chart. The x axis is the runtime's
 * logical clock (allocations made), the same for every strategy, so the lines line up by program point.
 */
function heapData(runs: readonly RunResult[]): (number | null)[][] {
  const xs = [...new Set(runs.flatMap((r) => r.heap.map((p) => p.atAllocation)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const series = runs.flatMap((r) => {
    const held: (number | null)[] = new Array(xs.length).fill(null);
    const live: (number | null)[] = new Array(xs.length).fill(null);
    for (const p of r.heap) {
      held[index.get(p.atAllocation)!] = p.heldBytes;
      live[index.get(p.atAllocation)!] = p.usedBytes;
    }
    return [held, live];
  });
  return [xs, ...series];
}

/** Pause counts per bin (a pause of p ms falls in the first bin whose edge is ≥ p), per strategy. */
function pauseData(runs: readonly RunResult[]): number[][] {
  const edges = [...PAUSE_EDGES];
  const bin = (ms: number): number => {
    const i = edges.findIndex((e) => ms <= e);
    return i < 0 ? edges.length - 1 : i;
  };
  const series = runs.map((r) => {
    const counts = new Array(edges.length).fill(0);
    for (const p of r.pauses) counts[bin(p)]++;
    return counts;
  });
  // x is the bin's index, labelled with its edge: evenly spaced bars on a doubling scale.
  return [edges.map((_, i) => i), ...series];
}

/** Collections per generation: x = generation, one bar series per strategy. */
function generationData(runs: readonly RunResult[]): number[][] {
  const gens = Math.max(1, ...runs.map((r) => r.constraints.generations));
  const xs = Array.from({ length: gens }, (_, g) => g);
  return [xs, ...runs.map((r) => xs.map((g) => r.collections[g] ?? 0))];
}

const bars = uPlot.paths.bars?.({ size: [0.9, 28] });

/**
 * Grouped bars on uPlot's one shared x: each group (a generation, a pause bin) gets one slot per
 * series and an empty slot after them, so the series' bars stand side by side instead of on top of
 * each other. Returns the drawn data and the x of each group's centre, for the axis ticks.
 */
function grouped(data: number[][]): { drawn: (number | null)[][]; centres: number[]; slot: number } {
  const groups = data[0]!.length;
  const series = data.length - 1;
  const slot = series + 1;
  const xs = Array.from({ length: groups * slot }, (_, x) => x);
  const drawn = data
    .slice(1)
    .map((ys, i) => xs.map((x) => (x % slot === i ? ys[Math.floor(x / slot)]! : null)));
  const centres = Array.from({ length: groups }, (_, g) => g * slot + (series - 1) / 2);
  return { drawn: [xs, ...drawn], centres, slot };
}
const compactCount = (n: number): string =>
  n >= 1e6 ? `${+(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${+(n / 1e3).toFixed(1)}k` : String(n);
const edgeLabel = (ms: number): string =>
  ms >= 1000 ? `${ms / 1000} s` : ms >= 1 ? `${ms} ms` : `${+(ms * 1000).toFixed(1)} µs`;

function axis(label: string, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  const fg = cssVar("--fg-muted");
  return {
    label,
    stroke: fg,
    grid: { stroke: cssVar("--grid"), width: 1 },
    ticks: { stroke: cssVar("--grid"), width: 1 },
    labelFont: "600 12px system-ui, sans-serif",
    font: "12px system-ui, sans-serif",
    ...extra,
  };
}

function plot(
  el: HTMLElement,
  series: uPlot.Series[],
  data: uPlot.AlignedData,
  opts: Partial<uPlot.Options>,
): uPlot {
  el.replaceChildren();
  const width = Math.max(300, Math.min(1100, el.clientWidth || 900));
  return new uPlot(
    {
      width,
      height: 260,
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      series: [{}, ...series],
      ...opts,
    } as uPlot.Options,
    data,
    el,
  );
}

/**
 * Draws the three charts for one workload's runs and returns the data they show: heap held (solid)
 * and live (dashed) in KiB/MiB over allocations; the pause-time histogram on doubling bins; the
 * collections of each generation. Ticks are whole numbers where the quantity is a count.
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
    runs.flatMap((r, i) => [
      {
        label: `${r.strategy} held`,
        stroke: colorOf(i),
        width: 2,
        spanGaps: true,
        value: (_u: uPlot, v: number | null) => (v == null ? "" : bytes(v)),
      },
      {
        label: `${r.strategy} live`,
        stroke: colorOf(i),
        width: 1.5,
        dash: [5, 4],
        spanGaps: true,
        value: (_u: uPlot, v: number | null) => (v == null ? "" : bytes(v)),
      },
    ]),
    heap as uPlot.AlignedData,
    {
      scales: { x: { time: false } },
      axes: [
        axis("allocations made", { values: (_u, xs) => xs.map(compactCount) }),
        axis("bytes", { size: 76, values: (_u, ys) => ys.map((y) => bytes(y)) }),
      ],
    },
  );
  const asBars = (r: RunResult, i: number): uPlot.Series => ({
    label: r.strategy,
    stroke: colorOf(i),
    fill: `${colorOf(i)}99`,
    ...(bars ? { paths: bars } : {}),
    points: { show: false },
  });
  const p = grouped(pauses);
  plot(els.pauses, runs.map(asBars), p.drawn as uPlot.AlignedData, {
    scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] } },
    axes: [
      axis("pause up to", {
        // Every third bin is labelled: 19 doubling bins do not fit otherwise.
        splits: () => p.centres.filter((_, g) => g % 3 === 0),
        values: (_u, xs) =>
          xs.map((x) => edgeLabel(PAUSE_EDGES[Math.round((x - (p.slot - 2) / 2) / p.slot)] ?? 0)),
      }),
      axis("pauses", {
        incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
        values: (_u, ys) => ys.map(compactCount),
      }),
    ],
  });
  const g = grouped(generations);
  plot(els.gens, runs.map(asBars), g.drawn as uPlot.AlignedData, {
    scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] } },
    axes: [
      axis("generation", {
        splits: () => g.centres,
        values: (_u, xs) => xs.map((x) => `gen ${Math.round((x - (g.slot - 2) / 2) / g.slot)}`),
      }),
      axis("collections", {
        incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
        values: (_u, ys) => ys.map(compactCount),
      }),
    ],
  });
  return { heap, pauses, generations };
}
