import type { HeapMap, RunResult } from "@heaplab/compare";
import { workloads } from "@heaplab/workloads";
import { catalog } from "../catalog";
import { paramsFor } from "../engine/params";
import { SMALL_HEAP_SETTINGS } from "../engine/small-heap";
import { startWorkerJob, type WorkerJob } from "../engine/worker-job";
import { byId, checkedNumber, h } from "../ui/dom";
import { runControls } from "../ui/run-controls";
import { type ChartData, drawCharts } from "./charts";
import {
  DEFAULT_RUNS,
  DEFAULT_SCALE,
  DEFAULT_WORKLOADS,
  isCPythonVersion,
  VERSION_SCALE,
  VERSION_WORKLOADS,
  WARMUP_RUNS,
} from "./defaults";
import { drawHeapMap } from "./heap-map-view";
import type { RunRequest, VersionLines, WorkerMessage } from "./protocol";
import { drawSpreadChart } from "./spread-chart";
import { renderTable, tableNotes } from "./table";

/** What the comparison shows, readable by tests (`window.heaplab.compare`). */
export interface CompareState {
  results: RunResult[];
  maps: HeapMap[];
  findings: [string, string[]][];
  /** What changed between the CPython versions (empty unless two or more `cpython-3.x` ran). */
  versions: VersionLines;
  charts: ChartData | null;
  /** The medians and ranges the spread chart drew. */
  spread: ReturnType<typeof drawSpreadChart> | null;
  shown: string;
  running: boolean;
  /** Redraws the charts in the theme's colours. */
  repaint(): void;
}

/**
 * The comparison panel: built-in workloads × strategies in one Worker (`compare-worker.ts`), then the
 * charts with what each shows written under it, the heap map at the end of the run, the table and the
 * findings. Run is disabled while a comparison runs and always comes back: when it ends, fails, is
 * stopped, or passes its time limit.
 *
 * @example
 * const compare = setupCompare();
 */
export function setupCompare(): CompareState {
  const state: CompareState = {
    results: [],
    maps: [],
    findings: [],
    versions: { general: [], byWorkload: [] },
    charts: null,
    spread: null,
    shown: "",
    running: false,
    repaint: () => {
      if (state.shown) show(state.shown);
    },
  };
  const runBtn = byId<HTMLButtonElement>("run");
  const stopBtn = byId<HTMLButtonElement>("stop");
  const status = byId("status");
  const scaleIn = byId<HTMLInputElement>("scale");
  const limitIn = byId<HTMLInputElement>("compare-time-limit");
  const heapIn = byId<HTMLInputElement>("compare-heap-limit");
  const runsIn = byId<HTMLInputElement>("compare-runs");
  const shownSel = byId<HTMLSelectElement>("shown");
  const mapSel = byId<HTMLSelectElement>("map-strategy");
  let job: WorkerJob | null = null;

  const chip = (box: HTMLElement, name: string, value: string, checked: boolean, title: string): void => {
    box.append(
      h(
        "label",
        { class: "chip", title },
        h("input", { type: "checkbox", name, value, checked }),
        h("span", {}, value),
      ),
    );
  };
  for (const w of workloads)
    chip(byId("workloads"), "workload", w.name, DEFAULT_WORKLOADS.includes(w.name), w.description);
  scaleIn.value = String(DEFAULT_SCALE);
  runsIn.value = String(DEFAULT_RUNS);
  for (const e of catalog.entries()) chip(byId("strategies"), "strategy", e.name, true, e.description);
  // The table scrolls sideways inside its card: keyboard users reach the scroll area (WCAG 2.1.1).
  const wrap = byId("table-wrap");
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", "Comparison table (scrolls sideways)");
  byId("table-notes").replaceChildren(...tableNotes().map((t) => h("li", {}, t)));

  const checked = (name: string): string[] =>
    [...document.querySelectorAll<HTMLInputElement>(`input[name=${name}]:checked`)].map((i) => i.value);

  const { setStatus, setRunning } = runControls(runBtn, stopBtn, status, (on) => {
    state.running = on;
  });

  function show(workload: string): void {
    state.shown = workload;
    const runs = state.results.filter((r) => r.workload === workload);
    byId("results").hidden = runs.length === 0;
    if (runs.length === 0) return;
    state.charts = drawCharts(runs, {
      heap: byId("chart-heap"),
      pauses: byId("chart-pauses"),
      gens: byId("chart-gens"),
    });
    state.spread = drawSpreadChart(byId("chart-times"), runs);
    const n = runs[0]!.runs;
    byId("chart-times-caption").textContent =
      `Each row is a strategy: the dot is the median of ${n} measured ${n === 1 ? "run" : "runs"} (after ${runs[0]!.warmupRuns} warm-up ${runs[0]!.warmupRuns === 1 ? "run" : "runs"}), the bar spans the fastest to the slowest. Compare dots only where the bars do not overlap much: a wide bar means the machine was busy and the median is rough${n === 1 ? "; with one run there is no range, so raise Measured runs" : ""}.`;
    const prev = mapSel.value;
    mapSel.replaceChildren(...runs.map((r) => h("option", { value: r.strategy }, r.strategy)));
    if (runs.some((r) => r.strategy === prev)) mapSel.value = prev;
    drawMap();
    byId("findings").replaceChildren(
      ...(state.findings.find(([w]) => w === workload)?.[1] ?? []).map((line) => h("li", {}, line)),
    );
    showVersions(workload);
  }

  /** The version findings that hold everywhere, then the shown workload's; hidden when there are none. */
  function showVersions(workload: string): void {
    const lines = [
      ...state.versions.general,
      ...(state.versions.byWorkload.find(([w]) => w === workload)?.[1] ?? []),
    ];
    byId("versions").hidden = lines.length === 0;
    byId("version-findings").replaceChildren(...lines.map((line) => h("li", {}, line)));
  }

  /** The "CPython versions" preset: the four versions only, on the version workloads at the demo's sizes. */
  function presetVersions(): void {
    for (const i of document.querySelectorAll<HTMLInputElement>("input[name=strategy]"))
      i.checked = isCPythonVersion(i.value);
    for (const i of document.querySelectorAll<HTMLInputElement>("input[name=workload]"))
      i.checked = VERSION_WORKLOADS.includes(i.value);
    scaleIn.value = String(VERSION_SCALE);
    setStatus("CPython versions chosen: press Run comparison.", "idle");
  }

  function drawMap(): void {
    const i = state.results.findIndex((r) => r.workload === state.shown && r.strategy === mapSel.value);
    const map = state.maps[i];
    if (map === undefined) return;
    const legend = drawHeapMap(byId<HTMLCanvasElement>("heap-map"), map);
    byId("map-legend").replaceChildren(
      ...legend.map((l) => h("li", {}, h("i", { class: "swatch", style: `background:${l.color}` }), l.name)),
    );
  }

  function run(): void {
    if (state.running) return;
    const scale = checkedNumber(scaleIn, 0.01, 10, "scale");
    const limit = checkedNumber(limitIn, 1, 600, "time limit");
    const heapMiB = checkedNumber(heapIn, 32, 1024, "heap limit");
    const runs = checkedNumber(runsIn, 1, 20, "measured runs");
    if (scale === null || limit === null || heapMiB === null || runs === null || !Number.isInteger(runs)) {
      setStatus("Check the highlighted numbers: each must be within its range.", "error");
      return;
    }
    const chosen: RunRequest["workloads"] = [];
    for (const name of checked("workload")) {
      const params = paramsFor(name, scale);
      if (params === null) {
        setStatus(`There is no workload named "${name}".`, "error");
        return;
      }
      chosen.push({ name, params });
    }
    const strategies = checked("strategy");
    if (chosen.length === 0 || strategies.length === 0) {
      setStatus("Choose at least one workload and one strategy.", "error");
      return;
    }
    const req: RunRequest = {
      type: "run",
      workloads: chosen,
      strategies,
      heapLimit: heapMiB * 1024 * 1024,
      settings: byId<HTMLInputElement>("compare-small-heap").checked ? { ...SMALL_HEAP_SETTINGS } : {},
      runs,
      warmupRuns: WARMUP_RUNS,
    };
    state.results = [];
    state.maps = [];
    setRunning(true);
    setStatus("starting…", "running");
    job = startWorkerJob<WorkerMessage>(
      () => new Worker(new URL("./compare-worker.ts", import.meta.url), { type: "module" }),
      req,
      limit * 1000,
      {
        onMessage(m) {
          if (m.type === "progress") {
            setStatus(`run ${m.run + 1}/${m.runs}: ${m.workload} × ${m.strategy}`, "running");
            return false;
          }
          if (m.type === "result") {
            state.results.push(m.result);
            state.maps.push(m.map);
            return false;
          }
          setRunning(false);
          if (m.type === "error") {
            setStatus(`error: ${m.message}`, "error");
            return true;
          }
          state.findings = m.findings;
          state.versions = m.versions;
          renderTable(byId<HTMLTableElement>("table"), state.results);
          const names = [...new Set(state.results.map((r) => r.workload))];
          shownSel.replaceChildren(...names.map((n) => h("option", { value: n }, n)));
          if (names.length > 0) show(names[0]!);
          setStatus(`done: ${state.results.length} runs`, "done");
          return true;
        },
        onFail(message) {
          setRunning(false);
          setStatus(message, "error");
        },
      },
    );
  }

  runBtn.addEventListener("click", run);
  byId("preset-versions").addEventListener("click", presetVersions);
  stopBtn.addEventListener("click", () => job?.stop("stopped by you"));
  shownSel.addEventListener("change", () => show(shownSel.value));
  mapSel.addEventListener("change", drawMap);
  setRunning(false);
  return state;
}
