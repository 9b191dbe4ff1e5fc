import type { SweepResult } from "@heaplab/compare";

/** A line of one strategy in one panel: (heap multiple, value) points. */
interface Series {
  strategy: string;
  points: { x: number; y: number }[];
}

/** One panel of the chart: a metric against heap size. */
interface Panel {
  title: string;
  unit: string;
  /** A log scale shows a strategy that thrashes in a tight heap without flattening the others. */
  yScale: "linear" | "log";
  series: Series[];
}

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"];
const W = 360;
const H = 240;
const M = { left: 58, right: 12, top: 30, bottom: 40 };

/** Escapes text for SVG content and attribute values (`"` included). */
const esc = (s: string): string =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** Round-number ticks covering [0, max]: 1, 2 or 5 times a power of ten apart. */
function ticks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(6)));
  if (out[out.length - 1]! < max) out.push(Number((out[out.length - 1]! + step).toPrecision(6)));
  return out;
}

/** Powers of ten covering [min, max] (min > 0), for a log axis. */
function logTicks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) out.push(10 ** e);
  return out;
}

/** One panel as an SVG group at (ox, oy): axes with units, ticks, a line per strategy; x is log-scaled. */
function panelSvg(
  p: Panel,
  xs: readonly number[],
  ox: number,
  oy: number,
  colors: Map<string, string>,
): string {
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const values = p.series.flatMap((s) => s.points.map((q) => q.y));
  const positive = values.filter((v) => v > 0);
  const log = p.yScale === "log" && positive.length > 0;
  const ys = log ? logTicks(Math.min(...positive), Math.max(...positive)) : ticks(Math.max(0, ...values));
  const yMin = log ? ys[0]! : 0;
  const yMax = ys[ys.length - 1]!;
  const lx = Math.log(xMin);
  const px = (x: number): number =>
    M.left + (xMax === xMin ? plotW / 2 : ((Math.log(x) - lx) / (Math.log(xMax) - lx)) * plotW);
  const py = (y: number): number => {
    const f = log
      ? (Math.log10(Math.max(y, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin) || 1)
      : yMax === 0
        ? 0
        : y / yMax;
    return M.top + plotH - f * plotH;
  };
  const out: string[] = [`<g transform="translate(${ox},${oy})">`];
  out.push(`<text x="${M.left}" y="18" font-size="13" font-weight="bold">${esc(p.title)}</text>`);
  for (const y of ys) {
    out.push(
      `<line x1="${M.left}" x2="${M.left + plotW}" y1="${py(y)}" y2="${py(y)}" stroke="#eee"/>`,
      `<text x="${M.left - 6}" y="${py(y) + 4}" font-size="10" text-anchor="end">${y}</text>`,
    );
  }
  for (const x of xs)
    out.push(`<text x="${px(x)}" y="${M.top + plotH + 14}" font-size="10" text-anchor="middle">${x}×</text>`);
  out.push(
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + plotH}" stroke="#333"/>`,
    `<line x1="${M.left}" x2="${M.left + plotW}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="#333"/>`,
    `<text x="${M.left + plotW / 2}" y="${H - 6}" font-size="11" text-anchor="middle">heap size (× minimum heap, log scale)</text>`,
    `<text transform="translate(14,${M.top + plotH / 2}) rotate(-90)" font-size="11" text-anchor="middle">${esc(p.unit)}</text>`,
  );
  for (const s of p.series) {
    if (s.points.length === 0) continue;
    const c = colors.get(s.strategy) ?? "#000";
    const d = s.points
      .map((q, i) => `${i === 0 ? "M" : "L"}${px(q.x).toFixed(1)},${py(q.y).toFixed(1)}`)
      .join(" ");
    out.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="1.8"/>`);
    for (const q of s.points)
      out.push(`<circle cx="${px(q.x).toFixed(1)}" cy="${py(q.y).toFixed(1)}" r="2.5" fill="${c}"/>`);
  }
  out.push("</g>");
  return out.join("\n");
}

/**
 * One SVG for one workload of a sweep: three panels (median wall time, collections, longest pause)
 * against heap size as a multiple of each strategy's own minimum heap, a legend with each strategy's
 * minimum heap, and a sentence on how to read it. Self-contained (no scripts, no external fonts).
 *
 * @example
 * writeFileSync("binary-trees.svg", sweepChart(result, "binary-trees"));
 */
export function sweepChart(result: SweepResult, workload: string): string {
  const pairs = result.pairs.filter((p) => p.workload === workload);
  const xs = [...new Set(pairs.flatMap((p) => p.points.map((q) => q.multiple)))].sort((a, b) => a - b);
  const colors = new Map(pairs.map((p, i) => [p.strategy, PALETTE[i % PALETTE.length]!]));
  const series = (
    f: (m: SweepResult["pairs"][number]["points"][number]["median"]) => number | null,
  ): Series[] =>
    pairs.map((p) => ({
      strategy: p.strategy,
      points: p.points.flatMap((q) => {
        const y = f(q.median);
        return y === null ? [] : [{ x: q.multiple, y }];
      }),
    }));
  const panels: Panel[] = [
    {
      title: "Time",
      unit: "wall time (ms, median, log scale)",
      yScale: "log",
      series: series((m) => (m.wallSeconds === null ? null : m.wallSeconds * 1000)),
    },
    {
      title: "Collections",
      unit: "collections per run (median)",
      yScale: "linear",
      series: series((m) => m.collections),
    },
    {
      title: "Longest pause",
      unit: "longest pause (ms, median)",
      yScale: "linear",
      series: series((m) => m.maxPauseMs),
    },
  ];
  const params = Object.entries(pairs[0]?.params ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  const legendRows = pairs.length;
  const width = W * panels.length;
  const height = 62 + H + 18 * legendRows + 24;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<title id="title">heaplab sweep of ${esc(workload)}: median wall time, collections and longest pause of each strategy against heap size, as a multiple of its minimum heap</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold">heaplab sweep: ${esc(workload)} ${esc(params)}</text>`,
    `<text x="12" y="40" font-size="11">How to read: each line is a strategy; left to right it gets more heap (1× is the smallest heap it completes in, its minimum heap, listed below).</text>`,
    `<text x="12" y="54" font-size="11">Less heap means more collections; a time curve that falls steeply to the right is a strategy that needs room. Each point: median of ${result.plan.runs} run(s), after a warm-up.</text>`,
  ];
  panels.forEach((p, i) => {
    out.push(panelSvg(p, xs, i * W, 62, colors));
  });
  pairs.forEach((p, i) => {
    const y = 62 + H + 16 + 18 * i;
    const min =
      p.minHeapBytes === null
        ? `no heap up to 1 GiB completed (${p.searchError ?? "?"})`
        : `minimum heap ${(p.minHeapBytes / 1048576).toFixed(2)} MiB`;
    out.push(
      `<rect x="12" y="${y - 9}" width="14" height="4" fill="${colors.get(p.strategy)}"/>`,
      `<text x="32" y="${y - 4}" font-size="11">${esc(p.strategy)}: ${esc(min)}</text>`,
    );
  });
  out.push("</svg>");
  return out.join("\n");
}
