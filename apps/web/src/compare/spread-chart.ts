import type { FigureSpread, RunResult } from "@heaplab/compare";
import { ms } from "@heaplab/compare/internals";
import { svg } from "../ui/svg";
import { colorOf } from "./charts";

/** The timings drawn, each in milliseconds, with the title of its panel. */
const PANELS: { title: string; of: (r: RunResult) => FigureSpread; scale: number }[] = [
  { title: "wall time of the run", of: (r) => r.spread.wallSeconds, scale: 1000 },
  { title: "longest pause", of: (r) => r.spread.maxPauseMs, scale: 1 },
];

const ROW = 22;
const LABEL_W = 110;
// Room for the last tick's label, centred on the plot's right edge.
const RIGHT = 32;

/**
 * Round ticks from 0 to at least `max`: 1, 2 or 5 times a power of ten, four or five of them.
 *
 * @example
 * ticks(37); // [0, 10, 20, 30, 40]
 */
export function ticks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let t = 0; t < max + step * 0.999; t += step) out.push(+t.toFixed(10));
  return out;
}

/**
 * The measured runs' timings per strategy: a dot at the median, a bar from the fastest to the slowest
 * run, one panel for the run's wall time and one for its longest pause, in ms on a scale from 0.
 * Returns what was drawn (the rows' medians and ranges), for tests and for anyone who wants the numbers.
 *
 * @example
 * drawSpreadChart(byId("chart-times"), results.filter((r) => r.workload === "list-cycle"));
 */
export function drawSpreadChart(
  el: HTMLElement,
  runs: readonly RunResult[],
): { title: string; rows: { strategy: string; median: number; min: number; max: number }[] }[] {
  const width = Math.max(300, Math.min(1100, el.clientWidth || 520));
  const plotW = width - LABEL_W - RIGHT;
  const drawn: ReturnType<typeof drawSpreadChart> = [];
  const parts: SVGElement[] = [];
  let y = 0;
  for (const panel of PANELS) {
    const rows = runs.map((r) => {
      const s = panel.of(r);
      const k = panel.scale;
      return {
        strategy: r.strategy,
        median: (s.median ?? 0) * k,
        min: (s.min ?? s.median ?? 0) * k,
        max: (s.max ?? s.median ?? 0) * k,
      };
    });
    drawn.push({ title: panel.title, rows });
    const axis = ticks(Math.max(...rows.map((r) => r.max), 0));
    const top = axis.at(-1)!;
    const x = (v: number): number => LABEL_W + (plotW * v) / top;
    parts.push(svg("text", { x: 0, y: y + 14, class: "spread-title" }, `${panel.title} (ms)`));
    y += 22;
    const plotTop = y;
    for (const t of axis)
      parts.push(
        svg("line", {
          x1: x(t),
          x2: x(t),
          y1: plotTop,
          y2: plotTop + rows.length * ROW,
          class: "spread-grid",
        }),
      );
    rows.forEach((r, i) => {
      const cy = plotTop + i * ROW + ROW / 2;
      const color = colorOf(runs.findIndex((q) => q.strategy === r.strategy));
      parts.push(
        svg("text", { x: LABEL_W - 8, y: cy + 4, "text-anchor": "end", class: "spread-label" }, r.strategy),
        svg("line", {
          x1: x(r.min),
          x2: x(r.max),
          y1: cy,
          y2: cy,
          stroke: color,
          "stroke-width": 6,
          "stroke-linecap": "round",
          opacity: 0.45,
        }),
        svg(
          "circle",
          { cx: x(r.median), cy, r: 4.5, fill: color, stroke: "var(--surface)", "stroke-width": 1.5 },
          svg("title", {}, `${r.strategy}: median ${ms(r.median)}, range ${ms(r.min)} to ${ms(r.max)}`),
        ),
      );
    });
    y = plotTop + rows.length * ROW;
    for (const t of axis)
      parts.push(
        svg(
          "text",
          { x: x(t), y: y + 14, "text-anchor": "middle", class: "spread-tick" },
          t === 0 ? "0" : `${t} ms`,
        ),
      );
    y += 30;
  }
  el.replaceChildren(
    svg(
      "svg",
      {
        width,
        height: y,
        viewBox: `0 0 ${width} ${y}`,
        role: "img",
        "aria-label":
          "Median and range of each strategy's wall time and longest pause over the measured runs",
      },
      ...parts,
    ),
  );
  return drawn;
}
