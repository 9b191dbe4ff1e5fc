import { demoSet, type HeapMap, type RunResult } from "@heaplab/compare";
import { type Params, workloads } from "@heaplab/workloads";
import { catalog } from "./catalog";
import { type ChartData, drawCharts } from "./charts";
import { drawHeapMap } from "./heap-map-view";
import type { RunRequest, WorkerMessage } from "./protocol";
import { renderTable } from "./table";

/** Parameters that count work: the scale control multiplies these. */
const SCALED = new Set(["iterations", "count", "rows", "operations", "blocks", "requests"]);
/** Sizes for the browser where a workload's defaults are the full benchmark. */
const BROWSER_DEFAULTS: Record<string, Params> = {
  gcbench: { stretchDepth: 14, longLivedDepth: 12, arraySize: 50000, maxDepth: 12 },
  "arena-release": { blocks: 1024 * 1024 },
};

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** What the page shows, also readable by tests (`window.heaplab`). */
const state = {
  results: [] as RunResult[],
  maps: [] as HeapMap[],
  findings: [] as [string, string[]][],
  charts: null as ChartData | null,
  shown: "",
};
(window as unknown as { heaplab: typeof state }).heaplab = state;

function checkbox(container: HTMLElement, name: string, value: string, checked: boolean, title = ""): void {
  const label = document.createElement("label");
  label.title = title;
  label.innerHTML = `<input type="checkbox" name="${name}" value="${value}" ${checked ? "checked" : ""}> ${value}`;
  container.append(label);
}

const defaultOn = new Set(["list-cycle", "leak-global-cache", "leak-global-cache-fixed", "del-resources"]);
for (const w of workloads) checkbox($("workloads"), "workload", w.name, defaultOn.has(w.name), w.description);
for (const e of catalog.entries()) checkbox($("strategies"), "strategy", e.name, true, e.description);

function paramsFor(name: string, scale: number): Params {
  const w = workloads.find((x) => x.name === name)!;
  const base: Params = {
    ...w.params,
    ...(demoSet.find((d) => d.workload === name)?.params ?? {}),
    ...(BROWSER_DEFAULTS[name] ?? {}),
  };
  return Object.fromEntries(
    Object.entries(base).map(([k, v]) => [
      k,
      SCALED.has(k) && typeof v === "number" ? Math.max(1, Math.round(v * scale)) : v,
    ]),
  );
}

const checked = (name: string) =>
  [...document.querySelectorAll<HTMLInputElement>(`input[name=${name}]:checked`)].map((i) => i.value);

function setStatus(text: string, s: "idle" | "running" | "done" | "error"): void {
  const el = $("status");
  el.textContent = text;
  el.dataset.state = s;
}

function show(workload: string): void {
  state.shown = workload;
  const runs = state.results.filter((r) => r.workload === workload);
  state.charts = drawCharts(runs, {
    heap: $("chart-heap"),
    pauses: $("chart-pauses"),
    gens: $("chart-gens"),
  });
  const mapSel = $<HTMLSelectElement>("map-strategy");
  const prev = mapSel.value;
  mapSel.innerHTML = runs.map((r) => `<option>${r.strategy}</option>`).join("");
  if (runs.some((r) => r.strategy === prev)) mapSel.value = prev;
  drawMap();
  const list = $("findings");
  list.innerHTML = "";
  for (const line of state.findings.find(([w]) => w === workload)?.[1] ?? []) {
    const li = document.createElement("li");
    li.textContent = line;
    list.append(li);
  }
}

function drawMap(): void {
  const strategy = $<HTMLSelectElement>("map-strategy").value;
  const i = state.results.findIndex((r) => r.workload === state.shown && r.strategy === strategy);
  const map = state.maps[i];
  if (map === undefined) return;
  const legend = drawHeapMap($<HTMLCanvasElement>("heap-map"), map);
  $("map-legend").innerHTML = legend
    .map((l) => `<span><i style="background:${l.color}"></i>${l.name}</span>`)
    .join("");
}

const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
  const m = e.data;
  if (m.type === "progress")
    setStatus(`run ${m.run + 1}/${m.runs}: ${m.workload} × ${m.strategy}`, "running");
  else if (m.type === "result") {
    state.results.push(m.result);
    state.maps.push(m.map);
  } else if (m.type === "error") setStatus(`error: ${m.message}`, "error");
  else {
    state.findings = m.findings;
    renderTable($<HTMLTableElement>("table"), state.results);
    const names = [...new Set(state.results.map((r) => r.workload))];
    const sel = $<HTMLSelectElement>("shown");
    sel.innerHTML = names.map((n) => `<option>${n}</option>`).join("");
    if (names.length > 0) show(names[0]!);
    setStatus(`done: ${state.results.length} runs`, "done");
    $<HTMLButtonElement>("run").disabled = false;
  }
};

$("shown").addEventListener("change", (e) => show((e.target as HTMLSelectElement).value));
$("map-strategy").addEventListener("change", drawMap);
$("controls").addEventListener("submit", (e) => {
  e.preventDefault();
  const scale = Number($<HTMLInputElement>("scale").value) || 1;
  const req: RunRequest = {
    type: "run",
    workloads: checked("workload").map((name) => ({ name, params: paramsFor(name, scale) })),
    strategies: checked("strategy"),
  };
  if (req.workloads.length === 0 || req.strategies.length === 0) {
    setStatus("choose at least one workload and one strategy", "error");
    return;
  }
  state.results = [];
  state.maps = [];
  $<HTMLButtonElement>("run").disabled = true;
  setStatus("starting…", "running");
  worker.postMessage(req);
});
