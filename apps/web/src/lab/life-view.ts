import { bytes, count } from "@heaplab/compare/internals";
import type { LifeWatchResult, WatchRequest } from "../record/life-watch";
import type { Recording } from "../record/recording";
import { h } from "../ui/dom";
import { svg } from "../ui/svg";
import type { LabCollection } from "./collection-view";
import { deathOf, movesOf } from "./life-story";
import type { ObjectLife } from "./object-life";

/** What the life card needs from the run it belongs to. */
export interface LifeSource {
  strategy: string;
  recording: Recording;
  collections: LabCollection[];
  /** The strategy keeps reference counts (cpython-3.11, refcount). */
  refcounts: boolean;
  /** Reruns the program following one object (null: cannot, e.g. the run is gone). */
  watch: ((req: WatchRequest) => Promise<LifeWatchResult>) | null;
}

/** Chart size and margins (SVG units; the chart scales to its box). */
const W = 440;
const H = 150;
const M = { left: 44, right: 12, top: 10, bottom: 34 };

/**
 * The reference count over time as a step chart: x is the event number in the recording (the
 * timeline's own axis, so the playhead lines up), y the count; a dashed line marks the timeline's
 * position.
 *
 * @example
 * box.append(refcountChart(watch.rows, watch.counts, life.allocatedAt, life.freedAt, pos, r.length));
 */
export function refcountChart(
  rows: readonly number[],
  counts: readonly number[],
  from: number,
  to: number,
  pos: number,
): SVGElement {
  const top = Math.max(1, ...counts);
  const span = Math.max(1, to - from);
  const x = (e: number) => M.left + ((e - from) / span) * (W - M.left - M.right);
  const y = (c: number) => H - M.bottom - (c / top) * (H - M.top - M.bottom);
  let d = "";
  rows.forEach((row, k) => {
    const c = counts[k]!;
    d += k === 0 ? `M${x(row)},${y(c)}` : `H${x(row)}V${y(c)}`;
  });
  if (rows.length > 0 && counts.at(-1)! > 0) d += `H${x(to)}`;
  const ticks: SVGElement[] = [];
  const step = Math.max(1, Math.ceil(top / 4));
  for (let c = 0; c <= top; c += step)
    ticks.push(
      svg("line", { x1: M.left, x2: W - M.right, y1: y(c), y2: y(c), class: "chart-grid" }),
      svg("text", { x: M.left - 6, y: y(c) + 4, "text-anchor": "end", class: "chart-tick" }, String(c)),
    );
  const xLabel = (e: number, anchor: string) =>
    svg("text", { x: x(e), y: H - M.bottom + 14, "text-anchor": anchor, class: "chart-tick" }, count(e + 1));
  return svg(
    "svg",
    {
      viewBox: `0 0 ${W} ${H}`,
      class: "refcount-chart",
      id: "life-refcount-chart",
      role: "img",
      "aria-label": `Reference count from event ${from + 1} to ${to + 1}: at most ${top}`,
    },
    ...ticks,
    xLabel(from, "start"),
    xLabel(to, "end"),
    svg(
      "text",
      { x: (M.left + W - M.right) / 2, y: H - 4, "text-anchor": "middle", class: "chart-axis" },
      "event in the recording",
    ),
    svg(
      "text",
      {
        x: 12,
        y: (M.top + H - M.bottom) / 2,
        "text-anchor": "middle",
        class: "chart-axis",
        transform: `rotate(-90 12 ${(M.top + H - M.bottom) / 2})`,
      },
      "references",
    ),
    pos >= from && pos <= to
      ? svg("line", { x1: x(pos), x2: x(pos), y1: M.top, y2: H - M.bottom, class: "chart-playhead" })
      : "",
    svg("path", { d, class: "chart-line" }),
  );
}

/**
 * Renders one object's life into `box`: what it is, its reference count over time (a rerun of the
 * program follows it; refcount strategies only — tracing ones are said to keep none), who refers to it
 * at the timeline's moment (the back-reference chain of `@heaplab/inspect`), and its story: allocated,
 * moved, promoted, finalized, and when and why it died. `seek(e)` moves the timeline to event `e`;
 * `again` (a button) asks the same about this object at the timeline's new position.
 *
 * @example
 * renderLife(lifeBox, source, objectLife(r, pos, addr)!, pos, (e) => timeline.seek(e));
 */
export function renderLife(
  box: HTMLElement,
  src: LifeSource,
  life: ObjectLife,
  pos: number,
  seek: (e: number) => void,
  again: (() => void) | null = null,
): void {
  const r = src.recording;
  const typeName = r.typeNames[life.typeId] ?? `type ${life.typeId}`;
  const jump = (label: string, e: number) =>
    h("button", { type: "button", class: "btn link", onclick: () => seek(e) }, label);
  const where = (e: number) => (r.line[e] ? ` (line ${r.line[e]})` : "");
  const story = [
    h(
      "li",
      {},
      jump(`allocated at event ${count(life.allocatedAt + 1)}`, life.allocatedAt),
      where(life.allocatedAt),
    ),
    ...movesOf(r, life, src.collections).map((m) => h("li", {}, jump(m.text, m.row))),
    life.finalizedAt >= 0
      ? h(
          "li",
          {},
          jump(`__del__ ran at event ${count(life.finalizedAt + 1)}`, life.finalizedAt),
          where(life.finalizedAt),
        )
      : null,
    h(
      "li",
      { id: "life-death" },
      life.freedAt >= 0 ? jump(`died at event ${count(life.freedAt + 1)}`, life.freedAt) : "",
      life.freedAt >= 0 ? ": " : "",
      deathOf(r, life, src.collections, src.refcounts),
    ),
  ];
  const chartBox = h("div", { class: "life-chart", id: "life-refcount" });
  const refBox = h("div", { id: "life-referrers" });
  box.replaceChildren(
    h(
      "p",
      { class: "mono life-title" },
      `${typeName}, ${bytes(life.bytes)} at 0x${r.addr[life.allocatedAt]!.toString(16)}`,
    ),
    h("h4", {}, "Its reference count over time"),
    chartBox,
    h("h4", {}, `Who refers to it at event ${count(pos + 1)}`),
    refBox,
    ...(again
      ? [
          h(
            "button",
            { type: "button", class: "btn", id: "life-again", onclick: again },
            "Ask again at the timeline's position",
          ),
        ]
      : []),
    h("h4", {}, "Its life"),
    h("ul", { class: "life-story" }, ...story),
  );
  if (!src.refcounts)
    chartBox.replaceChildren(
      h(
        "p",
        { class: "note" },
        `${src.strategy} keeps no reference counts: an object lives until a collection finds that no root reaches it, however many references it had.`,
      ),
    );
  if (src.watch === null) {
    refBox.replaceChildren(h("p", { class: "note" }, "This run can no longer be replayed."));
    if (src.refcounts)
      chartBox.replaceChildren(h("p", { class: "note" }, "This run can no longer be replayed."));
    return;
  }
  const waiting = h(
    "p",
    { class: "note", id: "life-waiting" },
    "Replaying the program to follow this object…",
  );
  refBox.replaceChildren(waiting);
  if (src.refcounts) chartBox.replaceChildren(waiting.cloneNode(true));
  const end = life.freedAt >= 0 ? life.freedAt : r.length - 1;
  src
    .watch({ allocatedAt: life.allocatedAt, block: r.addr[life.allocatedAt]!, at: pos })
    .then((w) => {
      if (!box.isConnected || !box.contains(refBox)) return;
      if (!w.matched) {
        refBox.replaceChildren(
          h(
            "p",
            { class: "failure" },
            "The replay did not make this object at the same place; nothing to show.",
          ),
        );
        return;
      }
      if (src.refcounts && w.counts.length === 0)
        chartBox.replaceChildren(h("p", { class: "note" }, "No count was read: the replay ended before it."));
      else if (src.refcounts)
        chartBox.replaceChildren(
          refcountChart(w.rows, w.counts, life.allocatedAt, end, pos),
          h(
            "p",
            { class: "note" },
            `Its count (y, references) against the event number (x, the timeline's axis; the dashed line is where the timeline stands), read between statements (a built-in workload has none: only at its allocation and its free): it rises when a variable, container or attribute takes a reference to it and falls when one lets go. Reference counting frees it the moment the count reaches 0; a count that stays above 0 after the program stopped using it means a cycle holds it. Highest: ${Math.max(...w.counts)}.`,
          ),
        );
      if (w.chainAt < 0) {
        refBox.replaceChildren(
          h(
            "p",
            { class: "note" },
            "It died before the statement running at this moment ended, so no referrer could be read.",
          ),
        );
        return;
      }
      const at =
        w.chainAt === pos
          ? ""
          : ` (read at event ${count(w.chainAt + 1)}, the end of the statement running then)`;
      refBox.replaceChildren(
        w.chain.length > 0
          ? h(
              "ol",
              { class: "backref-chain mono", "aria-label": "Back-reference chain from a root" },
              ...w.chain.map((s, i) =>
                h("li", {}, i === 0 ? `${s.via}: ${s.typeName}` : `${s.via} → ${s.typeName}`),
              ),
            )
          : h("p", {}, "No root reaches it: it is garbage waiting for a collection."),
        h(
          "p",
          { class: "note" },
          `The shortest chain of references from a root (a handle: a module's globals, a frame's variables) to it, as objgraph's find_backref_chain finds it${at}. ${
            w.referrers.length === 0
              ? "Nothing refers to it directly."
              : `Referred to directly by: ${w.referrers
                  .slice(0, 8)
                  .map((x) => `${x.typeName} ${x.via}`)
                  .join(", ")}${w.referrers.length > 8 ? `, and ${w.referrers.length - 8} more` : ""}.`
          }`,
        ),
      );
    })
    .catch((err: unknown) => {
      refBox.replaceChildren(
        h(
          "p",
          { class: "failure" },
          `The replay failed: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
    });
}
