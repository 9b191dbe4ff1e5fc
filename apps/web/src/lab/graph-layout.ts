/** Width and height of one object's box in the collection graph (SVG units). */
export const NODE_W = 100;
export const NODE_H = 34;

/** Objects drawn at most; the arithmetic always runs on all of them. */
export const MAX_DRAWN = 120;

/** Width the packed components wrap at (px of the SVG's own coordinates). */
const PACK_WIDTH = 1000;

/**
 * Which of `n` objects to draw: all of them when few; else the `important` ones and their neighbours
 * first (where the lesson is: garbage; up to two thirds of the room), then the others — the newest
 * first with `newestFirst` (a heap walked in address order lists the runtime's own objects first and
 * the program's last) — so both sets are seen.
 *
 * @example
 * const drawn = chooseDrawn(s.typeNames.length, s.edges, unreachableFlags);
 */
export function chooseDrawn(
  n: number,
  edges: readonly number[],
  important: Uint8Array,
  newestFirst = false,
  max = MAX_DRAWN,
): Uint8Array {
  const drawn = new Uint8Array(n);
  if (n <= max) return drawn.fill(1);
  let count = 0;
  let room = Math.floor((2 * max) / 3);
  const take = (i: number): void => {
    if (drawn[i] === 0 && count < room) {
      drawn[i] = 1;
      count++;
    }
  };
  for (let i = 0; i < n; i++) if (important[i]) take(i);
  for (let k = 0; k < edges.length; k += 2) {
    const a = edges[k]!;
    const b = edges[k + 1]!;
    if (important[a] || important[b]) {
      take(a);
      take(b);
    }
  }
  room = max;
  if (newestFirst) for (let i = n - 1; i >= 0 && count < max; i--) take(i);
  else for (let i = 0; i < n && count < max; i++) take(i);
  return drawn;
}

/** The weakly connected components of the drawn objects, each a list of object indices. */
function components(edges: readonly number[], drawn: Uint8Array): number[][] {
  const parent = Int32Array.from({ length: drawn.length }, (_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    // Path compression: everything on the way now points at the root.
    for (let j = i; parent[j] !== r; ) {
      const next = parent[j]!;
      parent[j] = r;
      j = next;
    }
    return r;
  };
  for (let k = 0; k < edges.length; k += 2)
    if (drawn[edges[k]!] && drawn[edges[k + 1]!]) parent[find(edges[k]!)] = find(edges[k + 1]!);
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < drawn.length; i++) {
    if (!drawn[i]) continue;
    const r = find(i);
    const list = byRoot.get(r);
    if (list) list.push(i);
    else byRoot.set(r, [i]);
  }
  return [...byRoot.values()];
}

/** Where dagre put the drawn objects and the references between them. */
export interface GraphLayout {
  drawn: Uint8Array;
  width: number;
  height: number;
  node(i: number): { x: number; y: number };
  /** Points of edge `k` (the pair `edges[2k'], edges[2k' + 1]` with `k = 2k'`). */
  edge(k: number): { points: { x: number; y: number }[] };
}

/**
 * dagre's layout of the drawn part of a graph of objects (dagre is loaded on first use: its own
 * chunk). Each connected component is laid out alone, then the components are packed in rows, so a
 * few hundred small cycles fill the width instead of one long column.
 *
 * @example
 * const l = await layoutGraph(s.edges, chooseDrawn(n, s.edges, flags));
 * l.node(0); // { x, y } of object 0's box centre
 */
export async function layoutGraph(edges: readonly number[], drawn: Uint8Array): Promise<GraphLayout> {
  const { default: dagre } = await import("@dagrejs/dagre");
  const nodeAt = new Map<number, { x: number; y: number }>();
  const edgeAt = new Map<number, { x: number; y: number }[]>();
  let x0 = 0;
  let y0 = 0;
  let rowHeight = 0;
  let width = 0;
  for (const comp of components(edges, drawn)) {
    const g = new dagre.graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: "LR", nodesep: 14, ranksep: 36, marginx: 8, marginy: 8 });
    g.setDefaultEdgeLabel(() => ({}));
    const inComp = new Set(comp);
    for (const i of comp) g.setNode(String(i), { width: NODE_W, height: NODE_H });
    for (let k = 0; k < edges.length; k += 2)
      if (inComp.has(edges[k]!) && drawn[edges[k + 1]!])
        g.setEdge(String(edges[k]), String(edges[k + 1]), {}, String(k));
    dagre.layout(g);
    const w = g.graph().width ?? NODE_W + 16;
    const hgt = g.graph().height ?? NODE_H + 16;
    if (x0 > 0 && x0 + w > PACK_WIDTH) {
      x0 = 0;
      y0 += rowHeight;
      rowHeight = 0;
    }
    for (const i of comp) {
      const n = g.node(String(i));
      nodeAt.set(i, { x: n.x + x0, y: n.y + y0 });
    }
    for (let k = 0; k < edges.length; k += 2) {
      if (!inComp.has(edges[k]!) || !drawn[edges[k + 1]!]) continue;
      const e = g.edge({ v: String(edges[k]), w: String(edges[k + 1]), name: String(k) });
      edgeAt.set(
        k,
        (e?.points ?? []).map((p: { x: number; y: number }) => ({ x: p.x + x0, y: p.y + y0 })),
      );
    }
    x0 += w;
    width = Math.max(width, x0);
    rowHeight = Math.max(rowHeight, hgt);
  }
  return {
    drawn,
    width: Math.max(100, width),
    height: Math.max(60, y0 + rowHeight),
    node: (i: number) => nodeAt.get(i)!,
    edge: (k: number) => ({ points: edgeAt.get(k) ?? [] }),
  };
}
