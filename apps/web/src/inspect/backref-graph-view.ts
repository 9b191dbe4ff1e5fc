import type { RefGraph, RefNode } from "@heaplab/inspect";
import { arrowMarker, svg } from "../ui/svg";

/** Box size per character and line of a node's label (the mono font of `.backref-graph`). */
const CHAR_W = 7;
const LINE_H = 14;
const PAD = 8;

/** A node's label lines: its root's name first when it is a named root, then objgraph's label. */
function linesOf(n: RefNode): string[] {
  const lines = n.label.split("\n").map((l) => (l.length > 28 ? `${l.slice(0, 27)}…` : l));
  return n.rootName === undefined ? lines : [n.rootName, ...lines];
}

/**
 * `objgraph.show_backrefs` drawn: the objects that refer to the start object, and what refers to them,
 * up to the roots (the program's globals), laid out by dagre (`@dagrejs/dagre`, the lab's layout
 * library, loaded on first use) from the roots at the top down to the start object, each reference
 * labelled as Python would write it (`[3]`, `['key']`, `.attr`). Returns the drawn SVG.
 *
 * @example
 * await drawBackrefGraph(byId("inspect-backrefs"), result.backrefs);
 */
export async function drawBackrefGraph(container: HTMLElement, graph: RefGraph): Promise<SVGElement | null> {
  if (graph.nodes.length === 0) {
    container.replaceChildren();
    return null;
  }
  const { default: dagre } = await import("@dagrejs/dagre");
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 18, ranksep: 44, edgesep: 10, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) {
    const lines = linesOf(n);
    g.setNode(String(n.id), {
      width: Math.max(...lines.map((l) => l.length)) * CHAR_W + 2 * PAD,
      height: lines.length * LINE_H + PAD,
    });
  }
  graph.edges.forEach((e, k) => {
    const label = { width: e.label.length * CHAR_W + 4, height: LINE_H, labelpos: "c" };
    g.setEdge(String(e.from), String(e.to), label, String(k));
  });
  dagre.layout(g);
  const width = Math.ceil(g.graph().width ?? 100);
  const height = Math.ceil(g.graph().height ?? 60);
  const edges = graph.edges.flatMap((e, k) => {
    const at = g.edge({ v: String(e.from), w: String(e.to), name: String(k) });
    if (!at) return [];
    const pts = (at.points ?? []).map((p: { x: number; y: number }) => `${p.x},${p.y}`).join(" ");
    return [
      svg("polyline", { points: pts, class: "edge", "marker-end": "url(#backref-arrow)" }),
      svg(
        "text",
        { x: at.x ?? 0, y: (at.y ?? 0) + 4, "text-anchor": "middle", class: "edge-label" },
        e.label,
      ),
    ];
  });
  const nodes = graph.nodes.map((n) => {
    const at = g.node(String(n.id));
    const lines = linesOf(n);
    const cls = n.start ? "backref-start" : n.root ? "backref-root" : "backref-plain";
    return svg(
      "g",
      {
        class: `node ${cls}`,
        transform: `translate(${at.x - at.width / 2},${at.y - at.height / 2})`,
        "data-id": n.id,
      },
      svg(
        "title",
        {},
        `${n.typeName}${n.start ? " (the object the chain ends at)" : n.root ? " (a root)" : ""}`,
      ),
      svg("rect", { width: at.width, height: at.height, rx: 5 }),
      ...lines.map((l, i) =>
        svg(
          "text",
          {
            x: at.width / 2,
            y: PAD / 2 + LINE_H * (i + 1) - 3,
            "text-anchor": "middle",
            class: i === 0 && n.rootName ? "root-name" : "",
          },
          l,
        ),
      ),
    );
  });
  const drawn = svg(
    "svg",
    {
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: "img",
      "aria-label": `Back-reference graph: ${graph.nodes.length} objects, ${graph.edges.length} references`,
    },
    arrowMarker("backref-arrow"),
    ...edges,
    ...nodes,
  );
  container.replaceChildren(drawn);
  return drawn;
}
