import { EditorView } from "@codemirror/view";
import { bytes, count } from "@heaplab/compare/internals";
import { workloads } from "@heaplab/workloads";
import { catalog } from "../catalog";
import { examples } from "../engine/examples";
import { startWorkerJob } from "../engine/worker-job";
import { byId, checkedNumber, h } from "../ui/dom";
import { programOptions } from "../ui/program-options";
import { runControls } from "../ui/run-controls";
import { drawBackrefGraph } from "./backref-graph-view";
import type { InspectMessage, InspectProgram, InspectRequest, InspectResult } from "./protocol";
import { PHASES, statementLines } from "./snapshot-points";

/** What the inspection panel shows, readable by tests (`window.heaplab.inspect`). */
export interface InspectState {
  result: InspectResult | null;
  running: boolean;
  /** Re-reads the program the Lab shows (its editor's text), for the snapshot points' menus. */
  refresh(): void;
}

/** The choice that follows the Lab: its workload, or the text in its editor. */
const FROM_LAB = "lab";

/** A table from rows: headers, then one cell text per header; numbers right-aligned by CSS. */
function table(caption: string, headers: string[], rows: string[][], id?: string): HTMLTableElement {
  return h(
    "table",
    id === undefined ? {} : { id },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ...headers.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {}, ...r.map((c) => h("td", {}, c))))),
  );
}

/** A signed size with its unit: `+1.5 KiB`, `−289 B`, `0 B`. */
const signedBytes = (n: number): string => (n > 0 ? `+${bytes(n)}` : n < 0 ? `−${bytes(-n)}` : "0 B");
const signedCount = (n: number): string => (n > 0 ? `+${count(n)}` : n < 0 ? `−${count(-n)}` : "0");

/** The program the Lab shows: `wl:NAME`, or a Python file with the editor's current text. */
function labProgram(): { value: string; file: string; source: string } {
  const value = (document.getElementById("program") as HTMLSelectElement | null)?.value ?? "";
  const editor = document.querySelector<HTMLElement>("#editor .cm-editor");
  const view = editor === null ? null : EditorView.findFromDOM(editor);
  const file = value.startsWith("py:") ? value.slice(3) : "program.py";
  return { value, file, source: view?.state.doc.toString() ?? "" };
}

/**
 * The inspection panel: Python's own memory tools on the heap a program leaves, under one strategy,
 * run in a Worker on a Python program (an example, or the one in the Lab's editor) or a built-in
 * workload: tracemalloc's top lines and the diff of two snapshots taken at points the user picks,
 * objgraph's growth and the back-reference graph of the object that grew (drawn with dagre), Pympler's
 * summary, the leak finder, and the heap as a `.heapsnapshot` file for Chrome DevTools.
 *
 * @example
 * const inspect = setupInspect();
 */
export function setupInspect(): InspectState {
  const programSel = byId<HTMLSelectElement>("inspect-program");
  const strategySel = byId<HTMLSelectElement>("inspect-strategy");
  const itersIn = byId<HTMLInputElement>("inspect-iterations");
  const itersField = byId("inspect-iterations-field");
  const fromSel = byId<HTMLSelectElement>("inspect-from");
  const toSel = byId<HTMLSelectElement>("inspect-to");
  const runBtn = byId<HTMLButtonElement>("inspect-run");
  const status = byId("inspect-status");
  const results = byId("inspect-results");
  programSel.replaceChildren(
    h("option", { value: FROM_LAB }, "The program shown in the Lab"),
    ...programOptions(examples, workloads),
  );
  strategySel.replaceChildren(...catalog.names().map((n) => h("option", { value: n }, n)));
  strategySel.value = "cpython-3.11";

  /** The chosen program, resolved: a workload's name, or a Python file and its text. */
  function chosen():
    | { kind: "workload"; workload: string }
    | { kind: "python"; file: string; source: string }
    | null {
    let v = programSel.value;
    let lab: ReturnType<typeof labProgram> | null = null;
    if (v === FROM_LAB) {
      lab = labProgram();
      v = lab.value.startsWith("wl:") ? lab.value : `py:${lab.file}`;
    }
    if (v.startsWith("wl:")) {
      const name = v.slice(3);
      return workloads.some((w) => w.name === name) ? { kind: "workload", workload: name } : null;
    }
    const file = v.slice(3);
    const source = lab !== null ? lab.source : examples.find((e) => e.name === file)?.source;
    return source === undefined ? null : { kind: "python", file, source };
  }

  /** The snapshot points' menus for the chosen program: phases of a workload, lines of a program. */
  function refresh(): void {
    const c = chosen();
    itersField.hidden = c?.kind !== "workload";
    const keep = [fromSel.value, toSel.value];
    if (c === null) return;
    if (c.kind === "workload") {
      const options = () => PHASES.map((p) => h("option", { value: `phase:${p.at}` }, p.name));
      fromSel.replaceChildren(...options());
      toSel.replaceChildren(...options());
      fromSel.value = "phase:0.5";
      toSel.value = "phase:1";
    } else {
      const lines = statementLines(c.source);
      const options = () => [
        ...lines.map((l) =>
          h(
            "option",
            { value: `line:${l.line}` },
            `line ${l.line}: ${l.text.length > 40 ? `${l.text.slice(0, 39)}…` : l.text}`,
          ),
        ),
        h("option", { value: "end" }, "the program's end"),
      ];
      fromSel.replaceChildren(...options());
      toSel.replaceChildren(...options());
      fromSel.value = lines[0] ? `line:${lines[0].line}` : "end";
      toSel.value = "end";
    }
    // A refresh of the same program keeps the points the user picked.
    for (const [sel, v] of [
      [fromSel, keep[0]],
      [toSel, keep[1]],
    ] as const)
      if ([...sel.options].some((o) => o.value === v)) sel.value = v!;
  }

  const state: InspectState = { result: null, running: false, refresh };
  const { setStatus, setRunning } = runControls(runBtn, null, status, (on) => {
    state.running = on;
  });
  programSel.addEventListener("change", () => {
    fromSel.value = "";
    toSel.value = "";
    refresh();
  });
  refresh();

  /** tracemalloc's top lines, with the program's own text beside each of its lines. */
  function siteRows(r: InspectResult): string[][] {
    const src = r.kind === "python" ? chosenSource(r.program) : null;
    return r.sites.map((s) => {
      const m = /:(\d+)$/.exec(s.site);
      const code =
        src !== null && s.site.startsWith(`${r.program}:`) && m ? (src[Number(m[1]) - 1]?.trim() ?? "") : "";
      return src === null
        ? [s.site, bytes(s.size), count(s.count)]
        : [s.site, code, bytes(s.size), count(s.count)];
    });
  }
  let lastSource: { file: string; lines: string[] } | null = null;
  const chosenSource = (file: string): string[] | null =>
    lastSource?.file === file ? lastSource.lines : null;

  async function show(r: InspectResult): Promise<void> {
    const download = h(
      "a",
      {
        class: "btn",
        download: `${r.program.replace(/\.py$/, "")}-${r.strategy}.heapsnapshot`,
        id: "inspect-snapshot",
      },
      "Download .heapsnapshot",
    );
    download.href = URL.createObjectURL(new Blob([r.heapSnapshot], { type: "application/json" }));
    const held = r.heldUnreachable;
    // It scrolls when the graph is large: focusable, so keyboard users can scroll it.
    const graph = h("div", {
      class: "graph backref-graph",
      id: "inspect-backrefs",
      tabindex: 0,
      role: "region",
      "aria-label": "Back-reference graph (scrolls)",
    });
    results.replaceChildren(
      h(
        "section",
        { class: "card", "aria-labelledby": "inspect-leak-title" },
        h("h3", { id: "inspect-leak-title" }, "Leak finder"),
        h(
          "p",
          {
            class: `verdict ${r.leaking === true ? "bad" : r.leaking === false ? "good" : ""}`,
            id: "inspect-verdict",
          },
          r.verdict,
        ),
        r.chain ? h("p", {}, "Kept alive by: ", h("code", { id: "inspect-chain" }, r.chain)) : null,
        h(
          "p",
          { id: "inspect-held" },
          held.count === 0
            ? `${r.strategy} holds nothing that the program no longer reaches.`
            : `${r.strategy} still holds ${count(held.count)} objects (${bytes(held.bytes)}) that nothing reaches: ${held.why}.`,
        ),
        held.types.length > 0
          ? table(
              "Held but unreachable, by type",
              ["type", "objects", "size"],
              held.types.map((t) => [t.type, count(t.count), bytes(t.size)]),
            )
          : null,
        r.output
          ? h(
              "details",
              {},
              h(
                "summary",
                {},
                r.kind === "python" ? "What the program printed" : "The report as heaplab inspect prints it",
              ),
              h("pre", {}, r.output),
            )
          : null,
        h(
          "p",
          { class: "note" },
          r.kind === "workload"
            ? "The leak finder runs the workload twice, the second time twice as long, and compares what stays reachable: a leak keeps a share of every iteration's memory. "
            : "A program runs once: growth is measured from its first line to its end, and what the strategy holds unreachable is found by a full collection at the end. ",
          download,
        ),
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "inspect-diff-title" },
        h("h3", { id: "inspect-diff-title" }, "What changed between two snapshots (tracemalloc compare_to)"),
        table(
          `Live memory by allocation line, from ${r.diffFrom} to ${r.diffTo}, largest change first`,
          ["line", "size (2nd)", "change", "objects (2nd)", "change"],
          r.diff.map((d) => [
            d.site,
            bytes(d.size),
            signedBytes(d.sizeDiff),
            count(d.count),
            signedCount(d.countDiff),
          ]),
          "inspect-diff",
        ),
        h(
          "p",
          { class: "note" },
          "How to read it: each row is a line that allocated objects still reachable at the second snapshot (or at the first, then freed: a negative change). A line whose size keeps growing between two points of a loop is where a leak is made; a line that gives back what it took is working memory.",
        ),
      ),
      h(
        "div",
        { class: "inspect-grid" },
        h(
          "section",
          { class: "card", "aria-labelledby": "inspect-summary-title" },
          h("h3", { id: "inspect-summary-title" }, "What the program still reaches (Pympler summary)"),
          table(
            "Live objects by type, largest first",
            ["type", "objects", "total size"],
            r.summary.map((s) => [s.type, count(s.count), bytes(s.size)]),
            "inspect-summary",
          ),
        ),
        h(
          "section",
          { class: "card", "aria-labelledby": "inspect-sites-title" },
          h("h3", { id: "inspect-sites-title" }, "Where it was allocated (tracemalloc, top lines)"),
          table(
            "Live memory by allocation line",
            r.kind === "python" ? ["line", "code", "size", "objects"] : ["line", "size", "objects"],
            siteRows(r),
            r.kind === "python" ? "inspect-sites-code" : "inspect-sites",
          ),
        ),
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "inspect-growth-title" },
        h("h3", { id: "inspect-growth-title" }, "What grew, and what holds it (objgraph)"),
        r.growth.length === 0
          ? h("p", { id: "inspect-growth" }, `No type grew between ${r.growthBetween}.`)
          : table(
              `Types whose live count grew between ${r.growthBetween} (show_growth)`,
              ["type", "objects", "grew by", "size", "grew by"],
              r.growth.map((t) => [
                t.type,
                count(t.count),
                signedCount(t.countDiff),
                bytes(t.size),
                signedBytes(t.sizeDiff),
              ]),
              "inspect-growth",
            ),
        graph,
        r.backrefs.nodes.length > 0
          ? h(
              "ul",
              { class: "legend" },
              h(
                "li",
                {},
                h("i", { class: "swatch backref-start" }),
                "the object: the newest of the type that grew most",
              ),
              h("li", {}, h("i", { class: "swatch backref-plain" }), "an object that refers to it"),
              h("li", {}, h("i", { class: "swatch backref-root" }), "a root: a global, named"),
            )
          : null,
        h(
          "p",
          { class: "note" },
          r.backrefs.nodes.length === 0
            ? "Nothing to draw: no object grew."
            : `How to read it (show_backrefs): arrows go from an object to what it refers to, each labelled as Python would write the reference; follow them up from the object at the bottom to a root at the top: that path is why it is still alive, and breaking any arrow on it frees it.${r.backrefs.omitted > 0 ? ` ${count(r.backrefs.omitted)} references of objects with many referrers are left out.` : ""}`,
        ),
      ),
    );
    await drawBackrefGraph(graph, r.backrefs);
  }

  /** The snapshot points chosen, as the request carries them. */
  function points(kind: "workload" | "python"): [number, number] | [number | null, number | null] | null {
    const read = (v: string): number | null | undefined =>
      kind === "workload"
        ? v.startsWith("phase:")
          ? Number(v.slice(6))
          : undefined
        : v === "end"
          ? null
          : v.startsWith("line:")
            ? Number(v.slice(5))
            : undefined;
    const a = read(fromSel.value);
    const b = read(toSel.value);
    return a === undefined || b === undefined ? null : ([a, b] as [number | null, number | null]);
  }

  runBtn.addEventListener("click", () => {
    if (state.running) return;
    const c = chosen();
    const iterations = c?.kind === "workload" ? checkedNumber(itersIn, 1, 100_000, "iterations") : 1;
    const pts = c === null ? null : points(c.kind);
    if (c === null || iterations === null || pts === null || !catalog.names().includes(strategySel.value)) {
      setStatus(
        "Check the choices: a known program and strategy, two snapshot points, and 1 to 100,000 iterations.",
        "error",
      );
      return;
    }
    let program: InspectProgram;
    if (c.kind === "workload")
      program = {
        kind: "workload",
        workload: c.workload,
        iterations: Math.round(iterations),
        phases: pts as [number, number],
      };
    else {
      program = {
        kind: "python",
        file: c.file,
        source: c.source,
        lines: pts as [number | null, number | null],
      };
      lastSource = { file: c.file, lines: c.source.split("\n") };
    }
    const name = c.kind === "workload" ? c.workload : c.file;
    const req: InspectRequest = {
      type: "inspect",
      program,
      strategy: strategySel.value,
      heapLimit: 256 << 20,
    };
    setRunning(true);
    setStatus(`Inspecting ${name} under ${req.strategy}…`, "running");
    startWorkerJob<InspectMessage>(
      () => new Worker(new URL("./inspect-worker.ts", import.meta.url), { type: "module" }),
      req,
      120_000,
      {
        onMessage(m) {
          if (m.type === "error") {
            setRunning(false);
            setStatus(`error: ${m.message}`, "error");
            return true;
          }
          state.result = m.result;
          const r = m.result;
          void show(r).then(() => {
            setRunning(false);
            setStatus(
              `${r.program} under ${r.strategy}${r.iterations === null ? "" : `, ${count(r.iterations)} iterations`}`,
              "done",
            );
          });
          return true;
        },
        onFail(message) {
          setRunning(false);
          setStatus(message, "error");
        },
      },
    );
  });
  return state;
}
