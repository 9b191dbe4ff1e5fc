import type { CollectionSnapshot } from "../record/collection-snapshot";
import { h, plural } from "../ui/dom";
import { type GcSteps, gcSteps } from "./gc-steps";

const SVG = "http://www.w3.org/2000/svg";
const svg = (
  tag: string,
  attrs: Record<string, string | number>,
  ...children: (Node | string)[]
): SVGElement => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
};

/** The steps shown, in `gc_collect_main`'s order, with what each one teaches. */
const STEPS = [
  {
    name: "the young generations",
    text: (s: CollectionSnapshot) =>
      `A collection of generation ${s.generation} examines every object tracked in ${s.generation === 0 ? "generation 0" : `generations 0–${s.generation}`}: ${plural(s.refcounts.length, "object")} here, with their references to each other (the arrows). References from anywhere else (older generations, the program's variables) are not drawn; they only show in the counts.`,
  },
  {
    name: "update_refs",
    text: () => "update_refs copies each object's reference count into gc_refs (the number in each box).",
  },
  {
    name: "subtract_refs",
    text: () =>
      "subtract_refs walks every object's references (tp_traverse) and takes one off gc_refs of each object referred to. What is left counts references from outside this set; an object left at 0 is referred to only from inside it.",
  },
  {
    name: "move_unreachable",
    text: () =>
      "move_unreachable keeps every object with gc_refs > 0 (outlined) and everything reachable from one; the rest is unreachable: cycles that nothing outside refers to.",
  },
  {
    name: "finalize and delete_garbage",
    text: (s: CollectionSnapshot, st: GcSteps) =>
      `The unreachable objects get their finalizers (PEP 442), weak references are cleared, and delete_garbage breaks the cycles with tp_clear: ${plural(st.unreachable, "object")} found unreachable here; the collector reported ${s.collected < 0 ? "—" : s.collected} collected.`,
  },
] as const;

/** Objects drawn at most; the arithmetic always runs on all of them. */
const MAX_DRAWN = 120;

/**
 * Which objects to draw: all of them when few; else the unreachable ones and their neighbours first
 * (where the lesson is, up to two thirds of the room), then the others, so both sets are seen.
 */
function chooseDrawn(s: CollectionSnapshot, st: GcSteps): Uint8Array {
  const n = s.refcounts.length;
  const drawn = new Uint8Array(n);
  if (n <= MAX_DRAWN) return drawn.fill(1);
  let count = 0;
  let room = Math.floor((2 * MAX_DRAWN) / 3);
  const take = (i: number): void => {
    if (drawn[i] === 0 && count < room) {
      drawn[i] = 1;
      count++;
    }
  };
  for (let i = 0; i < n; i++) if (st.reachable[i] === 0) take(i);
  for (let k = 0; k < s.edges.length; k += 2) {
    const a = s.edges[k]!;
    const b = s.edges[k + 1]!;
    if (st.reachable[a] === 0 || st.reachable[b] === 0) {
      take(a);
      take(b);
    }
  }
  room = MAX_DRAWN;
  for (let i = 0; i < n && count < MAX_DRAWN; i++) take(i);
  return drawn;
}

/** Width the packed components wrap at (px of the SVG's own coordinates). */
const PACK_WIDTH = 1000;

/** The weakly connected components of the drawn objects, each a list of object indices. */
function components(s: CollectionSnapshot, drawn: Uint8Array): number[][] {
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
  for (let k = 0; k < s.edges.length; k += 2)
    if (drawn[s.edges[k]!] && drawn[s.edges[k + 1]!]) parent[find(s.edges[k]!)] = find(s.edges[k + 1]!);
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

/**
 * dagre's layout of the drawn part of the snapshot's graph (dagre is loaded on first use: its own
 * chunk). Each connected component is laid out alone, then the components are packed in rows, so a
 * few hundred small cycles fill the width instead of one long column.
 */
async function layout(s: CollectionSnapshot, drawn: Uint8Array) {
  const { default: dagre } = await import("@dagrejs/dagre");
  const nodeAt = new Map<number, { x: number; y: number }>();
  const edgeAt = new Map<number, { x: number; y: number }[]>();
  let x0 = 0;
  let y0 = 0;
  let rowHeight = 0;
  let width = 0;
  for (const comp of components(s, drawn)) {
    const g = new dagre.graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: "LR", nodesep: 14, ranksep: 36, marginx: 8, marginy: 8 });
    g.setDefaultEdgeLabel(() => ({}));
    const inComp = new Set(comp);
    for (const i of comp) g.setNode(String(i), { width: 74, height: 34 });
    for (let k = 0; k < s.edges.length; k += 2)
      if (inComp.has(s.edges[k]!) && drawn[s.edges[k + 1]!])
        g.setEdge(String(s.edges[k]), String(s.edges[k + 1]), {}, String(k));
    dagre.layout(g);
    const w = g.graph().width ?? 90;
    const hgt = g.graph().height ?? 50;
    if (x0 > 0 && x0 + w > PACK_WIDTH) {
      x0 = 0;
      y0 += rowHeight;
      rowHeight = 0;
    }
    for (const i of comp) {
      const n = g.node(String(i));
      nodeAt.set(i, { x: n.x + x0, y: n.y + y0 });
    }
    for (let k = 0; k < s.edges.length; k += 2) {
      if (!inComp.has(s.edges[k]!) || !drawn[s.edges[k + 1]!]) continue;
      const e = g.edge({ v: String(s.edges[k]), w: String(s.edges[k + 1]), name: String(k) });
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

/**
 * "A collection, step by step": for a small `cpython-3.11` collection, the objects it examined laid
 * out by dagre, and the steps of `gc_collect_main` on them with each object's `gc_refs` and the set it
 * ends in. `onShow(event)` moves the timeline to the collection's start.
 *
 * @example
 * const view = createCollectionView(byId("collection-step"), (i) => timeline.seek(i));
 * view.setSnapshots(column.collections);
 */
export function createCollectionView(root: HTMLElement, onShow: (event: number) => void) {
  let snaps: CollectionSnapshot[] = [];
  let current: CollectionSnapshot | null = null;
  let steps: GcSteps | null = null;
  let step = 0;
  let drawn: Awaited<ReturnType<typeof layout>> | null = null;
  const picker = h("select", { id: "collection-pick", "aria-label": "Collection" });
  const prev = h("button", { type: "button", class: "btn", id: "collection-prev" }, "Previous step");
  const next = h("button", { type: "button", class: "btn primary", id: "collection-next" }, "Next step");
  const show = h(
    "button",
    { type: "button", class: "btn", id: "collection-timeline" },
    "Show in the timeline",
  );
  const title = h("h3", { id: "collection-step-name", "aria-live": "polite" });
  const text = h("p", { id: "collection-step-text" });
  const figure = h("div", { class: "graph", id: "collection-graph" });
  const more = h("p", { class: "note" });
  const legend = h(
    "ul",
    { class: "legend" },
    h("li", {}, h("i", { class: "swatch node-plain" }), "examined"),
    h("li", {}, h("i", { class: "swatch node-outside" }), "gc_refs > 0: referred to from outside"),
    h("li", {}, h("i", { class: "swatch node-reachable" }), "reachable"),
    h("li", {}, h("i", { class: "swatch node-unreachable" }), "unreachable: garbage"),
  );
  root.replaceChildren(
    h(
      "div",
      { class: "timeline-controls" },
      h("label", { class: "field inline" }, h("span", {}, "Collection"), picker),
      h("div", { class: "btn-group" }, prev, next),
      show,
    ),
    title,
    text,
    figure,
    more,
    legend,
  );

  function render(): void {
    if (current === null || steps === null || drawn === null) return;
    const s = current;
    const st = steps;
    const d = drawn;
    title.textContent = `Step ${step + 1} of ${STEPS.length}: ${STEPS[step]!.name}`;
    text.textContent = STEPS[step]!.text(s, st);
    prev.disabled = step === 0;
    next.disabled = step === STEPS.length - 1;
    const gcRefs = step === 1 ? st.afterUpdate : step >= 2 ? st.afterSubtract : null;
    const nodeClass = (i: number): string =>
      step < 3
        ? "node-plain"
        : st.reachable[i] === 0
          ? "node-unreachable"
          : st.fromOutside[i]
            ? "node-outside"
            : "node-reachable";
    const edges = [];
    for (let k = 0; k < s.edges.length; k += 2) {
      if (!d.drawn[s.edges[k]!] || !d.drawn[s.edges[k + 1]!]) continue;
      const e = d.edge(k);
      const pts = (e?.points ?? []).map((p: { x: number; y: number }) => `${p.x},${p.y}`).join(" ");
      edges.push(
        svg("polyline", {
          points: pts,
          class: step === 2 ? "edge edge-hot" : "edge",
          "marker-end": "url(#arrow)",
        }),
      );
    }
    const nodes: SVGElement[] = [];
    s.typeNames.forEach((name, i) => {
      if (!d.drawn[i]) return;
      const n = d.node(i);
      nodes.push(
        svg(
          "g",
          { class: `node ${nodeClass(i)}`, transform: `translate(${n.x - 37},${n.y - 17})`, "data-index": i },
          svg("title", {}, `${name}: refcount ${s.refcounts[i]}${gcRefs ? `, gc_refs ${gcRefs[i]}` : ""}`),
          svg("rect", { width: 74, height: 34, rx: 6 }),
          svg(
            "text",
            { x: 37, y: 14, "text-anchor": "middle", class: "node-type" },
            name.length > 11 ? `${name.slice(0, 10)}…` : name,
          ),
          svg(
            "text",
            { x: 37, y: 28, "text-anchor": "middle", class: "node-refs" },
            gcRefs ? `gc_refs ${gcRefs[i]}` : `rc ${s.refcounts[i]}`,
          ),
        ),
      );
    });
    const hidden = s.refcounts.length - d.drawn.reduce((a, b) => a + b, 0);
    more.textContent =
      hidden > 0
        ? `Drawn: the unreachable objects, their neighbours and others up to ${MAX_DRAWN}; ${plural(hidden, "other object")} of this collection are counted but not drawn.`
        : "";
    figure.replaceChildren(
      svg(
        "svg",
        {
          viewBox: `0 0 ${d.width} ${d.height}`,
          width: d.width,
          height: d.height,
          role: "img",
          "aria-label": `Object graph of collection ${s.index + 1}`,
        },
        svg(
          "defs",
          {},
          svg(
            "marker",
            {
              id: "arrow",
              viewBox: "0 0 10 10",
              refX: 10,
              refY: 5,
              markerWidth: 7,
              markerHeight: 7,
              orient: "auto",
            },
            svg("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead" }),
          ),
        ),
        ...edges,
        ...nodes,
      ),
    );
  }

  async function choose(i: number): Promise<void> {
    current = snaps[i] ?? null;
    if (current === null) return;
    steps = gcSteps(current);
    drawn = await layout(current, chooseDrawn(current, steps));
    step = 0;
    render();
  }

  picker.addEventListener("change", () => void choose(Number(picker.value)));
  prev.addEventListener("click", () => {
    step = Math.max(0, step - 1);
    render();
  });
  next.addEventListener("click", () => {
    step = Math.min(STEPS.length - 1, step + 1);
    render();
  });
  show.addEventListener("click", () => {
    if (current) onShow(current.atEvent);
  });

  return {
    /** Shows these snapshots; prefers the first collection that found garbage. */
    async setSnapshots(list: CollectionSnapshot[]): Promise<void> {
      snaps = list;
      root.closest<HTMLElement>("section")!.hidden = list.length === 0;
      picker.replaceChildren(
        ...list.map((s, i) =>
          h(
            "option",
            { value: i },
            `#${s.index + 1}: generation ${s.generation}, ${plural(s.refcounts.length, "object")}, ${s.collected} collected`,
          ),
        ),
      );
      if (list.length === 0) return;
      const first = Math.max(
        0,
        list.findIndex((s) => s.collected > 0),
      );
      picker.value = String(first);
      await choose(first);
    },
    get steps(): GcSteps | null {
      return steps;
    },
    get snapshot(): CollectionSnapshot | null {
      return current;
    },
    get step(): number {
      return step;
    },
  };
}
