import { bytes, count, ms } from "@heaplab/compare/internals";
import { HeapReplay } from "../record/heap-replay";
import type { LifeWatchResult, WatchRequest } from "../record/life-watch";
import {
  collectionsSoFar,
  EventKind,
  nextCollectionEnd,
  previousCollectionEnd,
  type Recording,
} from "../record/recording";
import { h } from "../ui/dom";
import type { LabCollection } from "./collection-view";
import { addressAt, drawReplay, heapPalette, typeColor } from "./heap-map-canvas";
import { renderLife } from "./life-view";
import { type ObjectLife, objectLife } from "./object-life";

/** One strategy's recording, as the timeline shows it. */
export interface TimelineRun {
  strategy: string;
  recording: Recording;
  /** pymalloc's pools are worth drawing (cpython-3.11, refcount). */
  pools: boolean;
  /** The collections captured for the step-by-step view (the life card names cycles and promotions from them). */
  collections: LabCollection[];
  /** The strategy keeps reference counts. */
  refcounts: boolean;
  /** Reruns the program following one object, for its reference count and referrers; null when it cannot. */
  watch: ((req: WatchRequest) => Promise<LifeWatchResult>) | null;
}

/**
 * Frame times (ms) of the last renders (replay + paint), newest last: read by the browser test and printed.
 *
 * @example
 * Math.max(...frameTimes); // the slowest of the last 600 frames
 */
export const frameTimes: number[] = [];

const hex = (a: number): string => `0x${a.toString(16).padStart(8, "0")}`;

/** Words for event `i`: what happened, to what, where. */
function describe(r: Recording, i: number): string {
  const k = r.kind[i]!;
  const type = (id: number): string => r.typeNames[id] ?? `type ${id}`;
  switch (k) {
    case EventKind.alloc:
      return `allocated a ${type(r.type[i]!)} of ${bytes(r.size[i]!)} at ${hex(r.addr[i]!)}`;
    case EventKind.free:
      return `freed a ${type(r.type[i]!)} of ${bytes(r.size[i]!)} at ${hex(r.addr[i]!)}`;
    case EventKind.move:
      return `moved a ${type(r.type[i]!)} of ${bytes(r.size[i]!)} from ${hex(r.arg[i]!)} to ${hex(r.addr[i]!)}`;
    case EventKind.gcStart: {
      const c = r.arg[i]!;
      return `collection ${c + 1} of generation ${r.gcGeneration[c]} starts`;
    }
    case EventKind.gcEnd: {
      const c = r.arg[i]!;
      return `collection ${c + 1} of generation ${r.gcGeneration[c]} ends: ${count(r.gcCollected[c]!)} objects found dead, ${bytes(r.gcFreedBytes[c]!)} freed, pause ${ms(r.gcPauseMs[c]!)}`;
    }
    case EventKind.finalizer:
      return `__del__ of a ${r.finalizerTypes[r.arg[i]!] ?? "?"} ran`;
    case EventKind.weakrefCallback:
      return `a weak-reference callback ran`;
    default:
      return "";
  }
}

/**
 * The recorded-run panel: pick a strategy's recording, scrub its events with the slider (or play,
 * step, jump between collections), and read at that moment the event, the source line (shown in the
 * editor through `onLine`), held versus live bytes, each generation's size, the collections so far,
 * and the heap map as it was then.
 *
 * @example
 * const tl = createTimeline(byId("timeline"), (line) => editor.showLine(line));
 * tl.setRuns(runs);
 */
export function createTimeline(root: HTMLElement, onLine: (line: number) => void) {
  let runs: TimelineRun[] = [];
  let run: TimelineRun | null = null;
  let replay: HeapReplay | null = null;
  let palette = heapPalette();
  let pos = 0;
  let playing = false;
  let raf = 0;

  const picker = h("select", { id: "timeline-strategy", "aria-label": "Recording of strategy" });
  const slider = h("input", {
    id: "timeline-slider",
    type: "range",
    min: 0,
    max: 0,
    value: 0,
    step: 1,
    "aria-label": "Event in the recorded run",
  });
  // A button named by its words keeps them as its accessible name; a symbol-only one gets `title`.
  const btn = (id: string, label: string, title: string, onclick: () => void) =>
    h(
      "button",
      { id, type: "button", class: "btn", title, "aria-label": /\w/.test(label) ? null : title, onclick },
      label,
    );
  const prevGc = btn("timeline-prev-gc", "◀ GC", "Step to the previous collection", () => jump(-1));
  const back = btn("timeline-back", "‹", "One event back", () => seek(pos - 1));
  const play = btn("timeline-play", "Play", "Play or pause the recording", () => toggle());
  const fwd = btn("timeline-fwd", "›", "One event forward", () => seek(pos + 1));
  const nextGc = btn("timeline-next-gc", "GC ▶", "Step to the next collection", () => jump(1));
  const eventText = h("p", { class: "event", id: "timeline-event", "aria-live": "polite" });
  const where = h("span", { id: "timeline-position", class: "mono" });
  const stat = (id: string, label: string) => {
    const v = h("dd", { id, class: "mono" });
    return { dt: h("dt", {}, label), dd: v };
  };
  const held = stat("timeline-held", "held from the OS");
  const live = stat("timeline-live", "live objects");
  const gcs = stat("timeline-gcs", "collections so far");
  const line = stat("timeline-line", "source line");
  const gens = h("div", { class: "gen-bars", id: "timeline-gens" });
  const canvas = h("canvas", {
    id: "timeline-map",
    class: "heap-map",
    role: "img",
    "aria-label": "Heap map",
  });
  const legend = h("ul", { class: "legend", id: "timeline-legend" });
  const mapNote = h("p", { class: "note" });
  const lifeBtn = h(
    "button",
    { type: "button", class: "btn", id: "timeline-life" },
    "Life of this event's object",
  );
  const life = h("div", { class: "life", id: "object-life", "aria-live": "polite" });

  root.replaceChildren(
    h(
      "div",
      { class: "timeline-controls" },
      h("label", { class: "field" }, h("span", {}, "Recording"), picker),
      h(
        "div",
        { class: "btn-group", role: "group", "aria-label": "Playback" },
        prevGc,
        back,
        play,
        fwd,
        nextGc,
      ),
      where,
    ),
    slider,
    eventText,
    h(
      "div",
      { class: "timeline-body" },
      h(
        "div",
        { class: "readouts" },
        h("dl", { class: "stats" }, held.dt, held.dd, live.dt, live.dd, gcs.dt, gcs.dd, line.dt, line.dd),
        h("h3", { class: "sub" }, "Generations (bytes)"),
        gens,
        h(
          "p",
          { class: "note" },
          "Held is what the heap has taken from the operating system; live is the bytes of objects not yet freed. The gap between them is free space inside arenas, pools or spaces. A generation's bar is the bytes of its objects: new objects enter generation 0, and a collection of generation g moves its survivors to g + 1.",
        ),
      ),
      h(
        "div",
        { class: "map-figure" },
        h("figure", {}, canvas, h("figcaption", {}, legend, mapNote)),
        h(
          "section",
          { class: "life-card", "aria-label": "One object's life" },
          h("h3", { class: "sub" }, "One object's life"),
          h(
            "p",
            { class: "note" },
            "Click a block in the map, or ask for the object the current event allocated, freed or moved.",
          ),
          lifeBtn,
          life,
        ),
      ),
    ),
  );

  function legendFor(r: Recording): void {
    const counts = new Map<number, number>();
    for (let i = 0; i < r.length; i++)
      if (r.kind[i] === EventKind.alloc) counts.set(r.type[i]!, (counts.get(r.type[i]!) ?? 0) + 1);
    const dark = document.documentElement.dataset.theme === "dark";
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10);
    legend.replaceChildren(
      h("li", {}, h("i", { class: "swatch swatch-empty" }), "never used"),
      h("li", {}, h("i", { class: "swatch swatch-freed" }), "freed or moved away"),
      ...top.map(([id]) =>
        h(
          "li",
          {},
          h("i", {
            class: "swatch",
            style: `background: rgb(${typeColor(Math.min(253, id), dark).join(",")})`,
          }),
          r.typeNames[id] ?? `type ${id}`,
        ),
      ),
    );
  }

  function render(): void {
    const t0 = performance.now();
    if (run === null || replay === null) return;
    const r = run.recording;
    const i = pos;
    slider.value = String(i);
    slider.setAttribute("aria-valuetext", `event ${i + 1} of ${r.length}`);
    where.textContent = `event ${count(i + 1)} / ${count(r.length)}`;
    eventText.textContent = describe(r, i);
    held.dd.textContent = bytes(r.held[i]!);
    live.dd.textContent = bytes(r.live[i]!);
    const n = collectionsSoFar(r, i);
    const byGen = new Array<number>(r.generations).fill(0);
    for (let c = 0; c < n; c++) byGen[r.gcGeneration[c]!] = (byGen[r.gcGeneration[c]!] ?? 0) + 1;
    gcs.dd.textContent = n === 0 ? "none" : `${n} (${byGen.map((k, g) => `gen ${g}: ${k}`).join(", ")})`;
    const ln = r.line[i]!;
    line.dd.textContent = ln === 0 ? "—" : String(ln);
    onLine(ln);
    const G = r.generations;
    const top = Math.max(1, r.held[i]!, ...Array.from({ length: G }, (_, g) => r.gen[i * G + g]!));
    for (let g = 0; g < G; g++) {
      const b = r.gen[i * G + g]!;
      const bar = gens.children[g] as HTMLElement | undefined;
      if (!bar) break;
      (bar.querySelector(".bar") as HTMLElement).style.width = `${(100 * b) / top}%`;
      (bar.querySelector(".val") as HTMLElement).textContent = bytes(b);
    }
    drawReplay(canvas, replay, replay.seek(i), palette, run.pools);
    frameTimes.push(performance.now() - t0);
    if (frameTimes.length > 600) frameTimes.splice(0, frameTimes.length - 600);
  }

  function schedule(): void {
    if (raf !== 0) return;
    raf = requestAnimationFrame(() => {
      raf = 0;
      render();
    });
  }

  function seek(i: number): void {
    if (run === null) return;
    pos = Math.max(0, Math.min(run.recording.length - 1, Math.round(i)));
    // The slider follows at once, not at the next frame: a key pressed on it before that frame (a busy
    // page, a fast user) must step from the new position, not from the one the frame has not drawn yet.
    slider.value = String(pos);
    schedule();
  }

  function jump(dir: 1 | -1): void {
    if (run === null) return;
    const to = dir > 0 ? nextCollectionEnd(run.recording, pos) : previousCollectionEnd(run.recording, pos);
    if (to >= 0) seek(to);
  }

  function toggle(): void {
    playing = !playing;
    play.textContent = playing ? "Pause" : "Play";
    play.setAttribute("aria-pressed", String(playing));
    if (playing) tick();
  }

  function tick(): void {
    if (!playing || run === null) return;
    // About ten seconds from start to end, whatever the length.
    const step = Math.max(1, Math.round(run.recording.length / 600));
    if (pos >= run.recording.length - 1) {
      toggle();
      return;
    }
    seek(pos + step);
    requestAnimationFrame(tick);
  }

  function choose(strategy: string): void {
    run = runs.find((r) => r.strategy === strategy) ?? null;
    if (run === null) return;
    const r = run.recording;
    replay = new HeapReplay(r);
    slider.max = String(Math.max(0, r.length - 1));
    gens.replaceChildren(
      ...Array.from({ length: r.generations }, (_, g) =>
        h(
          "div",
          { class: "gen" },
          h("span", { class: "gen-name" }, `gen ${g}`),
          h("span", { class: "track" }, h("span", { class: "bar" })),
          h("span", { class: "val mono" }),
        ),
      ),
    );
    legendFor(r);
    mapNote.textContent = `Each tile is 1 MiB of addresses${run.pools ? " (a pymalloc arena; a faint line every 16 KiB pool)" : " (regions and spaces of the collector)"}; one pixel is ${replay.cellBytes} bytes. ${r.truncated ? `Only the first ${count(r.length)} events were recorded.` : ""} Auxiliary storage (list items, dict tables) is not drawn.`;
    // Open at the end: the heap as the program left it; the slider and GC ◀ go back from there.
    pos = r.length - 1;
    schedule();
  }

  /** Shows the life of the object covering `address` after the current event. */
  function showLife(address: number): void {
    if (run === null) return;
    const l = address < 0 ? null : objectLife(run.recording, pos, address);
    if (l === null) {
      life.replaceChildren(h("p", {}, "No object there at this moment."));
      return;
    }
    renderLife(life, run, l, pos, seek, () => lifeAgain(l));
  }

  /** The same object's referrers at the timeline's current position (its block then, through its moves). */
  function lifeAgain(l: ObjectLife): void {
    if (run === null) return;
    const r = run.recording;
    if (pos < l.allocatedAt || (l.freedAt >= 0 && pos >= l.freedAt)) {
      life.append(h("p", { class: "failure", role: "alert" }, `It is not alive at event ${count(pos + 1)}.`));
      return;
    }
    let block = r.addr[l.allocatedAt]!;
    for (const m of l.movedAt) if (m <= pos) block = r.addr[m]!;
    showLife(block);
  }

  canvas.addEventListener("click", (e) => {
    if (replay === null) return;
    const x = (e.offsetX * canvas.width) / canvas.clientWidth;
    const y = (e.offsetY * canvas.height) / canvas.clientHeight;
    showLife(addressAt(replay, x, y));
  });
  lifeBtn.addEventListener("click", () => {
    if (run === null) return;
    const r = run.recording;
    const k = r.kind[pos]!;
    // A free's block is empty after it: ask about the moment before.
    if (k === EventKind.free) {
      const at = pos;
      pos = Math.max(0, pos - 1);
      showLife(r.addr[at]!);
      pos = at;
    } else if (k === EventKind.alloc || k === EventKind.move) showLife(r.addr[pos]!);
    else life.replaceChildren(h("p", {}, "This event is not an allocation, a free or a move."));
  });

  slider.addEventListener("input", () => seek(Number(slider.value)));
  picker.addEventListener("change", () => choose(picker.value));
  root.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLSelectElement) return;
    if (e.key === " " && e.target === slider) {
      e.preventDefault();
      toggle();
    } else if (e.key === "n" || e.key === "N") jump(e.key === "n" ? 1 : -1);
  });

  return {
    /** Shows these recordings (the first by default); the position is kept when possible. */
    setRuns(next: TimelineRun[]): void {
      runs = next;
      picker.replaceChildren(...next.map((r) => h("option", { value: r.strategy }, r.strategy)));
      root.hidden = next.length === 0;
      if (next.length > 0) choose(next[0]!.strategy);
    },
    /** Repaints in the theme's colours. */
    repaint(): void {
      palette = heapPalette();
      if (run) legendFor(run.recording);
      schedule();
    },
    seek,
    /** Shows `strategy`'s recording at event `i`. */
    show(strategy: string, i: number): void {
      if (run?.strategy !== strategy && runs.some((r) => r.strategy === strategy)) {
        picker.value = strategy;
        choose(strategy);
      }
      seek(i);
    },
    get position(): number {
      return pos;
    },
    get strategy(): string | null {
      return run?.strategy ?? null;
    },
  };
}
