import type { RefGraph, RefNode } from "./ref-graph";

const CHAR_W = 7;
const LINE_H = 14;
const PAD = 8;
const ROW_GAP = 60;
const COL_GAP = 24;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The graph as a standalone SVG, laid out without Graphviz: one row per distance from the start objects
 * (a layered layout), boxes sized to their labels and centred in their row, references drawn as straight
 * arrows with their label at the middle.
 * @example
 * writeFileSync("backrefs.svg", toSvg(refGraph(rt, [h], "backrefs")));
 */
export function toSvg(g: RefGraph): string {
  const boxes = layOut(g.nodes);
  const width = Math.max(100, ...[...boxes.values()].map((b) => b.x + b.w + PAD));
  const height = Math.max(40, ...[...boxes.values()].map((b) => b.y + b.h + PAD));
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="12">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
  ];
  for (const e of g.edges) {
    const a = boxes.get(e.from);
    const b = boxes.get(e.to);
    if (a === undefined || b === undefined) continue;
    const [x1, y1] = anchor(a, b);
    const [x2, y2] = anchor(b, a);
    out.push(
      `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#555" marker-end="url(#arrow)"/>`,
      `<text x="${(x1 + x2) / 2 + 3}" y="${(y1 + y2) / 2}" fill="#333">${escapeXml(e.label)}</text>`,
    );
  }
  for (const n of g.nodes) {
    const b = boxes.get(n.id)!;
    const fill = n.start ? "#b4ffb4" : n.root ? "#ffb4b4" : "#ffffff";
    out.push(`<g class="node" data-id="${n.id}">`);
    out.push(
      `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="4" fill="${fill}" stroke="#000"/>`,
    );
    n.label.split("\n").forEach((line, i) => {
      out.push(
        `<text x="${b.x + b.w / 2}" y="${b.y + PAD + LINE_H * (i + 1) - 3}" text-anchor="middle">${escapeXml(line)}</text>`,
      );
    });
    out.push("</g>");
  }
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

/** Rows by depth; in each row boxes side by side, the row centred on the widest row. */
function layOut(nodes: readonly RefNode[]): Map<number, Box> {
  const rows = new Map<number, RefNode[]>();
  for (const n of nodes) rows.set(n.depth, [...(rows.get(n.depth) ?? []), n]);
  const size = (n: RefNode) => {
    const lines = n.label.split("\n");
    return { w: Math.max(...lines.map((l) => l.length)) * CHAR_W + 2 * PAD, h: lines.length * LINE_H + PAD };
  };
  const rowWidth = (r: RefNode[]) => r.reduce((s, n) => s + size(n).w, 0) + COL_GAP * (r.length - 1);
  const widest = Math.max(0, ...[...rows.values()].map(rowWidth));
  const boxes = new Map<number, Box>();
  let y = PAD;
  for (const d of [...rows.keys()].sort((a, b) => a - b)) {
    const r = rows.get(d)!;
    let x = PAD + (widest - rowWidth(r)) / 2;
    let rowH = 0;
    for (const n of r) {
      const s = size(n);
      boxes.set(n.id, { x, y, w: s.w, h: s.h });
      x += s.w + COL_GAP;
      rowH = Math.max(rowH, s.h);
    }
    y += rowH + ROW_GAP;
  }
  return boxes;
}

/** Where the line from box `a` towards box `b` leaves `a`: the middle of its top or bottom side. */
function anchor(a: Box, b: Box): [number, number] {
  const cx = a.x + a.w / 2;
  if (b.y > a.y) return [cx, a.y + a.h];
  if (b.y < a.y) return [cx, a.y];
  return [b.x > a.x ? a.x + a.w : a.x, a.y + a.h / 2];
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
