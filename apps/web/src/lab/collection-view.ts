import type { CollectionSnapshot } from "../record/collection-snapshot";
import type { TracingSnapshot } from "../record/tracing-snapshot";
import { h, plural } from "../ui/dom";
import { arrowMarker, svg } from "../ui/svg";
import { type GcSteps, gcSteps } from "./gc-steps";
import { chooseDrawn, type GraphLayout, layoutGraph, MAX_DRAWN, NODE_H, NODE_W } from "./graph-layout";
import { PHASE_TEXT, shortHex } from "./tracing-phase-text";
import { type TracingPhase, type TracingSteps, tracingSteps } from "./tracing-steps";

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
      `The unreachable objects get their finalizers (PEP 442), weak references are cleared, and delete_garbage breaks the cycles with tp_clear: ${plural(st.unreachable, "object")} found unreachable here; the collector reported ${s.collected < 0 ? "—" : s.collected} collected.${s.collected >= 0 && s.collected < st.unreachable ? " gc.collect() counts only what is still unreachable after the finalizers ran: an object whose __del__ broke its cycle was freed by reference counting during finalization, and a resurrected one survives." : ""}`,
  },
] as const;

/** A collection the view can show: CPython's cycle collector, or a tracing collector. */
export type LabCollection = CollectionSnapshot | TracingSnapshot;

/** One strategy's captured collections. */
export interface CollectionGroup {
  strategy: string;
  list: LabCollection[];
}

const isTracing = (s: LabCollection): s is TracingSnapshot => s.kind === "tracing";

/**
 * Objects drawn at most: a tracing collection's heap is one tangle (module, functions, code, names),
 * so fewer of its objects are drawn than of CPython's small generations.
 */
const maxDrawn = (s: LabCollection): number => (isTracing(s) ? 60 : MAX_DRAWN);

/** Forwarding-table rows shown at most under the graph. */
const MAX_ROWS = 12;

const CPYTHON_NOTE =
  "CPython 3.11's gc_collect_main on the objects one small collection examined (laid out with dagre).";
const TRACING_NOTE =
  "A tracing collector's phases on the whole small heap, as the collector ran them: its marking or copying order, forwarding addresses, frees and promotions, read from its own hooks (laid out with dagre).";

const legendItem = (cls: string, text: string) => h("li", {}, h("i", { class: `swatch ${cls}` }), text);

/**
 * "A collection, step by step": for a small collection, the objects it examined laid out by dagre,
 * and its steps on them. Under `cpython-3.11`: the steps of `gc_collect_main` with each object's
 * `gc_refs` and the set it ends in. Under a tracing strategy: the heap at the start (roots, condemned
 * generations), marking or copying in the collector's order (a slider walks the trace), forwarding
 * addresses of copies or a sliding compaction, the reclaimed objects and the promotions.
 * `onShow(strategy, event)` moves the timeline to the collection's start.
 *
 * @example
 * const view = createCollectionView(byId("collection-body"), (s, i) => timeline.show(s, i));
 * await view.setSnapshots([{ strategy: "cpython-3.11", list: column.collections }]);
 */
export function createCollectionView(root: HTMLElement, onShow: (strategy: string, event: number) => void) {
  let groups: CollectionGroup[] = [];
  let strategy = "";
  let current: LabCollection | null = null;
  let steps: GcSteps | TracingSteps | null = null;
  let step = 0;
  let traced = 0;
  let drawn: GraphLayout | null = null;
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
  const traceSlider = h("input", {
    id: "collection-trace",
    type: "range",
    min: 0,
    max: 0,
    value: 0,
    step: 1,
    "aria-label": "Objects reached so far, in trace order",
  });
  const traceOut = h("output", { id: "collection-trace-count", class: "mono" });
  const traceRow = h(
    "label",
    { class: "field inline trace-row" },
    h("span", {}, "Trace order"),
    traceSlider,
    traceOut,
  );
  const figure = h("div", { class: "graph", id: "collection-graph" });
  const more = h("p", { class: "note" });
  const table = h("div", { id: "collection-forwarding" });
  const legend = h("ul", { class: "legend", id: "collection-legend" });
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
    traceRow,
    figure,
    more,
    table,
    legend,
  );

  const stepCount = (): number =>
    current === null ? 0 : isTracing(current) ? (steps as TracingSteps).phases.length : STEPS.length;
  const phase = (): TracingPhase => (steps as TracingSteps).phases[step]!;

  function setLegend(): void {
    if (current === null) return;
    legend.replaceChildren(
      ...(isTracing(current)
        ? [
            legendItem("node-outside", "root: held by a handle"),
            legendItem("node-plain", "not reached yet"),
            legendItem("node-reachable", "reached: survives"),
            legendItem("node-current", "reached last"),
            legendItem("node-moved", "moved: its forwarding address"),
            legendItem("node-unreachable", "not reached: garbage"),
            legendItem("node-promoted", "promoted or aged"),
            legendItem("node-old", "older generation: not traced"),
          ]
        : [
            legendItem("node-plain", "examined"),
            legendItem("node-outside", "gc_refs > 0: referred to from outside"),
            legendItem("node-reachable", "reachable"),
            legendItem("node-unreachable", "unreachable: garbage"),
          ]),
    );
  }

  /** A CPython box: its class and its second line. */
  function cpythonNode(s: CollectionSnapshot, st: GcSteps, i: number): [string, string, string] {
    const gcRefs = step === 1 ? st.afterUpdate : step >= 2 ? st.afterSubtract : null;
    const cls =
      step < 3
        ? "node-plain"
        : st.reachable[i] === 0
          ? "node-unreachable"
          : st.fromOutside[i]
            ? "node-outside"
            : "node-reachable";
    return [
      cls,
      gcRefs ? `gc_refs ${gcRefs[i]}` : `rc ${s.refcounts[i]}`,
      `refcount ${s.refcounts[i]}${gcRefs ? `, gc_refs ${gcRefs[i]}` : ""}`,
    ];
  }

  /** A tracing box: its class, its second line and its tooltip, for the phase shown. */
  function tracingNode(s: TracingSnapshot, st: TracingSteps, i: number): [string, string, string] {
    const p = phase();
    const r = st.reachedAt[i]!;
    const old = !st.condemned[i];
    const tip = `${shortHex(s.addrs[i]!)}${st.moved[i] ? ` → ${shortHex(s.newAddrs[i]!)}` : ""}, generation ${s.genBefore[i]}${s.genAfter[i] !== s.genBefore[i] ? ` → ${s.genAfter[i]}` : ""}, age ${s.ageBefore[i]}${s.ageAfter[i] !== s.ageBefore[i] ? ` → ${s.ageAfter[i]}` : ""}${r >= 0 ? `, reached #${r + 1}` : ""}${st.dead[i] ? ", freed" : ""}`;
    const genLine = `gen ${s.genBefore[i]}${s.ageBefore[i] ? ` · age ${s.ageBefore[i]}` : ""}`;
    if (p === "heap")
      return [
        s.root[i] ? "node-outside" : old ? "node-old" : "node-plain",
        s.root[i] ? `root · ${genLine}` : genLine,
        tip,
      ];
    if (p === "mark" || p === "copy") {
      if (r >= 0 && r < traced) {
        const label = p === "copy" && st.moved[i] ? `#${r + 1} → ${shortHex(s.newAddrs[i]!)}` : `#${r + 1}`;
        return [r === traced - 1 ? "node-current" : "node-reachable", label, tip];
      }
      return [old ? "node-old" : "node-plain", old ? "not traced" : "", tip];
    }
    if (st.dead[i]) return ["node-unreachable", p === "reclaim" ? "freed" : "garbage", tip];
    if (p === "compact")
      return st.moved[i]
        ? ["node-moved", `→ ${shortHex(s.newAddrs[i]!)}`, tip]
        : [old ? "node-old" : "node-reachable", "stays", tip];
    if (p === "promote" && st.promoted[i])
      return [
        "node-promoted",
        st.promoted[i] === 1
          ? `gen ${s.genBefore[i]} → ${s.genAfter[i]}`
          : `age ${s.ageBefore[i]} → ${s.ageAfter[i]}`,
        tip,
      ];
    return [old ? "node-old" : "node-reachable", p === "promote" ? `gen ${s.genAfter[i]}` : "survives", tip];
  }

  /** The forwarding table of a copy or compaction step: old → new block address, in trace order. */
  function forwardingTable(s: TracingSnapshot, st: TracingSteps): HTMLElement | null {
    const p = phase();
    if (p !== "copy" && p !== "compact") return null;
    const order = [...s.reachOrder, ...s.addrs.keys()].filter(
      (i, k, all) => st.moved[i] && all.indexOf(i) === k && (p === "copy" ? s.copied[i] : !s.copied[i]),
    );
    if (order.length === 0) return null;
    return h(
      "table",
      { class: "forwarding mono" },
      h(
        "caption",
        {},
        p === "copy"
          ? "Forwarding addresses in copy order: where each object's old block now sends its references"
          : "New addresses in address order: each survivor slides down to the next free address",
      ),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, "object"),
          h("th", {}, "old block"),
          h("th", {}, "new block"),
          h("th", {}, "bytes"),
        ),
      ),
      h(
        "tbody",
        {},
        ...order
          .slice(0, MAX_ROWS)
          .map((i) =>
            h(
              "tr",
              {},
              h("td", {}, s.typeNames[i]!),
              h("td", {}, shortHex(s.addrs[i]!)),
              h("td", {}, shortHex(s.newAddrs[i]!)),
              h("td", {}, String(s.bytes[i])),
            ),
          ),
        order.length > MAX_ROWS
          ? h("tr", {}, h("td", { colspan: 4 }, `… and ${plural(order.length - MAX_ROWS, "more object")}`))
          : null,
      ),
    );
  }

  function render(): void {
    if (current === null || steps === null || drawn === null) return;
    const s = current;
    const d = drawn;
    const n = stepCount();
    const tracing = isTracing(s);
    const st = steps;
    const p = tracing ? phase() : null;
    const name = tracing ? PHASE_TEXT[p!].name : STEPS[step]!.name;
    title.textContent = `Step ${step + 1} of ${n}: ${name}`;
    text.textContent = tracing
      ? PHASE_TEXT[p!].text(s, st as TracingSteps, strategy)
      : STEPS[step]!.text(s, st as GcSteps);
    prev.disabled = step === 0;
    next.disabled = step === n - 1;
    traceRow.hidden = !(p === "mark" || p === "copy");
    traceOut.textContent = `${traced} of ${s.kind === "tracing" ? s.reachOrder.length : 0} reached`;
    const boxOf = (i: number) =>
      tracing
        ? tracingNode(s, st as TracingSteps, i)
        : cpythonNode(s as CollectionSnapshot, st as GcSteps, i);
    const edges = [];
    for (let k = 0; k < s.edges.length; k += 2) {
      if (!d.drawn[s.edges[k]!] || !d.drawn[s.edges[k + 1]!]) continue;
      const e = d.edge(k);
      const pts = (e?.points ?? []).map((q: { x: number; y: number }) => `${q.x},${q.y}`).join(" ");
      const from = s.edges[k]!;
      const hot = tracing
        ? (p === "mark" || p === "copy") &&
          (st as TracingSteps).reachedAt[from]! >= 0 &&
          (st as TracingSteps).reachedAt[from]! < traced
        : step === 2;
      edges.push(
        svg("polyline", { points: pts, class: hot ? "edge edge-hot" : "edge", "marker-end": "url(#arrow)" }),
      );
    }
    const nodes: SVGElement[] = [];
    s.typeNames.forEach((typeName, i) => {
      if (!d.drawn[i]) return;
      const at = d.node(i);
      const [cls, line2, tip] = boxOf(i);
      nodes.push(
        svg(
          "g",
          {
            class: `node ${cls}`,
            transform: `translate(${at.x - NODE_W / 2},${at.y - NODE_H / 2})`,
            "data-index": i,
          },
          svg("title", {}, `${typeName}: ${tip}`),
          svg("rect", { width: NODE_W, height: NODE_H, rx: 6 }),
          svg(
            "text",
            { x: NODE_W / 2, y: 14, "text-anchor": "middle", class: "node-type" },
            typeName.length > 14 ? `${typeName.slice(0, 13)}…` : typeName,
          ),
          svg("text", { x: NODE_W / 2, y: 28, "text-anchor": "middle", class: "node-refs" }, line2),
        ),
      );
    });
    const hidden = s.typeNames.length - d.drawn.reduce((a, b) => a + b, 0);
    more.textContent =
      hidden > 0
        ? `Drawn: the ${tracing ? "garbage" : "unreachable"} objects, their neighbours and ${tracing ? "the newest" : "others"} up to ${maxDrawn(s)}; ${plural(hidden, "other object")} of this collection are counted but not drawn.`
        : "";
    table.replaceChildren(
      ...(tracing ? [forwardingTable(s, st as TracingSteps)].filter((x) => x !== null) : []),
    );
    figure.replaceChildren(
      svg(
        "svg",
        {
          viewBox: `0 0 ${d.width} ${d.height}`,
          width: d.width,
          height: d.height,
          role: "img",
          "aria-label": `Object graph of collection ${s.index + 1} under ${strategy}`,
        },
        arrowMarker("arrow"),
        ...edges,
        ...nodes,
      ),
    );
  }

  function goTo(k: number): void {
    step = Math.max(0, Math.min(stepCount() - 1, k));
    if (current !== null && isTracing(current)) {
      const p = phase();
      // Entering the trace starts it from nothing; any other step shows it complete.
      traced = p === "mark" || p === "copy" ? 0 : current.reachOrder.length;
      traceSlider.max = String(current.reachOrder.length);
      traceSlider.value = String(traced);
    }
    render();
  }

  async function choose(g: number, i: number): Promise<void> {
    current = groups[g]?.list[i] ?? null;
    if (current === null) return;
    strategy = groups[g]!.strategy;
    const section = root.closest<HTMLElement>("section");
    const label = section?.querySelector("#collection-strategy");
    if (label) label.textContent = strategy;
    const note = section?.querySelector(".card-head .note");
    if (note) note.textContent = isTracing(current) ? TRACING_NOTE : CPYTHON_NOTE;
    const n = current.typeNames.length;
    let important: Uint8Array;
    if (isTracing(current)) {
      const st = tracingSteps(current);
      steps = st;
      // The garbage and what refers to it first, then the program's newest objects.
      important = st.dead;
    } else {
      const st = gcSteps(current);
      steps = st;
      important = st.reachable.map((x) => (x === 0 ? 1 : 0));
    }
    drawn = await layoutGraph(
      current.edges,
      chooseDrawn(n, current.edges, important, isTracing(current), maxDrawn(current)),
    );
    setLegend();
    goTo(0);
    // Bring the garbage into view: in a big drawing it may sit below the first screenful.
    let top = Number.POSITIVE_INFINITY;
    for (let j = 0; j < n; j++) if (important[j] && drawn.drawn[j]) top = Math.min(top, drawn.node(j).y);
    figure.scrollTop = Number.isFinite(top) ? Math.max(0, top - figure.clientHeight / 3) : 0;
  }

  picker.addEventListener("change", () => {
    const [g, i] = picker.value.split(":").map(Number);
    void choose(g!, i!);
  });
  prev.addEventListener("click", () => goTo(step - 1));
  next.addEventListener("click", () => goTo(step + 1));
  traceSlider.addEventListener("input", () => {
    traced = Number(traceSlider.value);
    render();
  });
  show.addEventListener("click", () => {
    if (current) onShow(strategy, current.atEvent);
  });

  return {
    /**
     * Shows these strategies' collections, grouped in the picker; opens on the first strategy's first
     * collection that found garbage.
     */
    async setSnapshots(next: CollectionGroup[]): Promise<void> {
      groups = next.filter((g) => g.list.length > 0);
      root.closest<HTMLElement>("section")!.hidden = groups.length === 0;
      picker.replaceChildren(
        ...groups.map((g, gi) =>
          h(
            "optgroup",
            { label: g.strategy },
            ...g.list.map((s, i) =>
              h(
                "option",
                { value: `${gi}:${i}` },
                `${g.strategy} #${s.index + 1}: generation ${s.generation}, ${plural(s.typeNames.length, "object")}, ${s.collected} found dead`,
              ),
            ),
          ),
        ),
      );
      if (groups.length === 0) return;
      const first = Math.max(
        0,
        groups[0]!.list.findIndex((s) => s.collected > 0),
      );
      picker.value = `0:${first}`;
      await choose(0, first);
    },
    /** Shows `strategy`'s collection number `index` (0-based), if captured; resolves when drawn. */
    async select(strategyName: string, index: number): Promise<boolean> {
      const g = groups.findIndex((x) => x.strategy === strategyName);
      const i = g < 0 ? -1 : groups[g]!.list.findIndex((s) => s.index === index);
      if (i < 0) return false;
      picker.value = `${g}:${i}`;
      await choose(g, i);
      return true;
    },
    /** Goes to step `k` (0-based) of the collection shown. */
    goTo,
    get steps(): GcSteps | TracingSteps | null {
      return steps;
    },
    get snapshot(): LabCollection | null {
      return current;
    },
    get strategy(): string {
      return strategy;
    },
    get step(): number {
      return step;
    },
    get groups(): CollectionGroup[] {
      return groups;
    },
  };
}
