import { bytes, count } from "@heaplab/compare/internals";
import { workloads } from "@heaplab/workloads";
import { catalog } from "../catalog";
import { startWorkerJob } from "../engine/worker-job";
import { byId, checkedNumber, h } from "../ui/dom";
import { runControls } from "../ui/run-controls";
import type { InspectMessage, InspectRequest, InspectResult } from "./protocol";

/** What the inspection panel shows, readable by tests (`window.heaplab.inspect`). */
export interface InspectState {
  result: InspectResult | null;
  running: boolean;
}

/** A table from rows: headers, then one cell text per header; numbers right-aligned by CSS. */
function table(caption: string, headers: string[], rows: string[][]): HTMLTableElement {
  return h(
    "table",
    {},
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ...headers.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {}, ...r.map((c) => h("td", {}, c))))),
  );
}

/**
 * The inspection panel: Python's own memory tools on a workload's heap under one strategy, run in a
 * Worker: Pympler's summary of what the program still reaches, tracemalloc's top allocation sites,
 * the leak finder (a run twice as long, compared), the chain that keeps the leak alive, and the heap
 * as a `.heapsnapshot` file for Chrome DevTools' Memory panel.
 *
 * @example
 * const inspect = setupInspect();
 */
export function setupInspect(): InspectState {
  const state: InspectState = { result: null, running: false };
  const workloadSel = byId<HTMLSelectElement>("inspect-workload");
  const strategySel = byId<HTMLSelectElement>("inspect-strategy");
  const itersIn = byId<HTMLInputElement>("inspect-iterations");
  const runBtn = byId<HTMLButtonElement>("inspect-run");
  const status = byId("inspect-status");
  const results = byId("inspect-results");
  workloadSel.replaceChildren(...workloads.map((w) => h("option", { value: w.name }, w.name)));
  workloadSel.value = "leak-listener";
  strategySel.replaceChildren(...catalog.names().map((n) => h("option", { value: n }, n)));
  strategySel.value = "cpython-3.11";

  const { setStatus, setRunning } = runControls(runBtn, null, status, (on) => {
    state.running = on;
  });

  function show(r: InspectResult): void {
    const download = h(
      "a",
      { class: "btn", download: `${r.workload}-${r.strategy}.heapsnapshot`, id: "inspect-snapshot" },
      "Download .heapsnapshot",
    );
    download.href = URL.createObjectURL(new Blob([r.heapSnapshot], { type: "application/json" }));
    results.replaceChildren(
      h(
        "section",
        { class: "card" },
        h("h3", {}, "Leak finder"),
        h(
          "p",
          { class: `verdict ${r.leaking ? "bad" : "good"}`, id: "inspect-verdict" },
          r.leaking
            ? `Leaking: of what the extra ${count(r.iterations)} iterations allocated, ${(100 * r.retention).toFixed(0)}% is still reachable (above 100% when list item arrays and dict tables, not counted as allocations, grew too).`
            : `No leak: live memory after ${count(r.iterations)} and ${count(2 * r.iterations)} iterations is ${bytes(r.liveBytes[0])} and ${bytes(r.liveBytes[1])}.`,
        ),
        r.leaking
          ? table(
              "Types whose live count grew (objgraph.show_growth)",
              ["type", "objects", "grew by", "size", "grew by"],
              r.grew.map((t) => [
                t.type,
                count(t.count),
                `+${count(t.countDiff)}`,
                bytes(t.size),
                `+${bytes(t.sizeDiff)}`,
              ]),
            )
          : null,
        r.chain ? h("p", {}, "Kept alive by: ", h("code", { id: "inspect-chain" }, r.chain)) : null,
        h("details", {}, h("summary", {}, "The report as heaplab inspect prints it"), h("pre", {}, r.report)),
        h(
          "p",
          { class: "note" },
          "The leak finder runs the workload twice, the second time twice as long, and compares what stays reachable: a leak keeps a share of every iteration's memory. ",
          download,
        ),
      ),
      h(
        "div",
        { class: "inspect-grid" },
        h(
          "section",
          { class: "card" },
          h("h3", {}, "What the program still reaches (Pympler summary)"),
          table(
            "Live objects by type, largest first",
            ["type", "objects", "total size"],
            r.summary.map((s) => [s.type, count(s.count), bytes(s.size)]),
          ),
        ),
        h(
          "section",
          { class: "card" },
          h("h3", {}, "Where it was allocated (tracemalloc, lineno)"),
          table(
            "Live memory by allocation site",
            ["site", "size", "blocks"],
            r.sites.map((s) => [s.site, bytes(s.size), count(s.count)]),
          ),
        ),
      ),
    );
  }

  runBtn.addEventListener("click", () => {
    if (state.running) return;
    const iterations = checkedNumber(itersIn, 1, 100_000, "iterations");
    if (
      iterations === null ||
      !workloads.some((w) => w.name === workloadSel.value) ||
      !catalog.names().includes(strategySel.value)
    ) {
      setStatus("Check the choices: a known workload and strategy, and 1 to 100,000 iterations.", "error");
      return;
    }
    const req: InspectRequest = {
      type: "inspect",
      workload: workloadSel.value,
      strategy: strategySel.value,
      iterations: Math.round(iterations),
      heapLimit: 256 << 20,
    };
    setRunning(true);
    setStatus(`Inspecting ${req.workload} under ${req.strategy}…`, "running");
    const end = (): void => setRunning(false);
    startWorkerJob<InspectMessage>(
      () => new Worker(new URL("./inspect-worker.ts", import.meta.url), { type: "module" }),
      req,
      120_000,
      {
        onMessage(m) {
          end();
          if (m.type === "error") setStatus(`error: ${m.message}`, "error");
          else {
            state.result = m.result;
            show(m.result);
            setStatus(
              `${m.result.workload} under ${m.result.strategy}, ${count(m.result.iterations)} iterations`,
              "done",
            );
          }
          return true;
        },
        onFail(message) {
          end();
          setStatus(message, "error");
        },
      },
    );
  });
  return state;
}
