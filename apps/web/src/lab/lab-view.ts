import { bytes, ms } from "@heaplab/compare/internals";
import { workloads } from "@heaplab/workloads";
import { catalog } from "../catalog";
import { examples } from "../engine/examples";
import type { JobMessage, JobRequest, JobSummary } from "../engine/job";
import { paramsFor } from "../engine/params";
import { PYTHON_MISSING, pythonEngine } from "../engine/python";
import { SMALL_HEAP_SETTINGS } from "../engine/small-heap";
import { startWorkerJob, type WorkerJob } from "../engine/worker-job";
import type { LifeWatchResult, WatchRequest } from "../record/life-watch";
import type { Recording } from "../record/recording";
import { byId, checkedNumber, h, plural, withCode } from "../ui/dom";
import { programOptions } from "../ui/program-options";
import { runControls } from "../ui/run-controls";
import { createCollectionView, type LabCollection } from "./collection-view";
import { createEditor } from "./editor";
import { markDifferences } from "./output-diff";
import { createTimeline, type TimelineRun } from "./timeline-view";

/** The strategies a newcomer compares first: CPython, reference counting alone, a JVM collector. */
const DEFAULT_STRATEGIES = ["cpython-3.11", "refcount", "jvm-serial"];
/**
 * Whether `strategy` is built on pymalloc, whose 16 KiB pools the heap map outlines: every `cpython-3.x`
 * (a version added to the catalog is one without a change here) and counting alone.
 */
const onPymalloc = (strategy: string): boolean => strategy === "refcount" || strategy.startsWith("cpython-");
const MAX_EVENTS = 600_000;

/** One column's state. */
interface Column {
  strategy: string;
  lines: string[];
  state: "running" | "done" | "error" | "stopped";
  message: string;
  summary: JobSummary | null;
  recording: Recording | null;
  collections: LabCollection[];
  el: { root: HTMLElement; status: HTMLElement; out: HTMLOListElement; foot: HTMLElement };
}

/** What the lab shows, readable by tests (`window.heaplab.lab`). */
export interface LabState {
  columns: Column[];
  running: boolean;
  timeline: ReturnType<typeof createTimeline>;
  collections: ReturnType<typeof createCollectionView>;
}

/**
 * The lab panel: choose a program (a bundled Python example in the editor, or a built-in workload),
 * the strategies, a time limit; Run starts one Worker per strategy, each recording its run; each
 * column shows that strategy's output with the lines that differ from another strategy's marked; the
 * recorded runs open in the timeline.
 *
 * @example
 * const lab = setupLab(() => timeline.repaint());
 */
export function setupLab(): LabState {
  const programSel = byId<HTMLSelectElement>("program");
  const runBtn = byId<HTMLButtonElement>("lab-run");
  const stopBtn = byId<HTMLButtonElement>("lab-stop");
  const status = byId("lab-status");
  const limitIn = byId<HTMLInputElement>("time-limit");
  const heapIn = byId<HTMLInputElement>("heap-limit");
  const scaleIn = byId<HTMLInputElement>("lab-scale");
  const smallHeap = byId<HTMLInputElement>("small-heap");
  const columnsEl = byId("columns");
  const workloadInfo = byId("workload-info");
  const editorBox = byId("editor");
  const engineNote = byId("engine-note");

  const editor = createEditor(editorBox, {
    check: pythonEngine ? (s) => pythonEngine!.checkPythonSyntax(s, currentFile()) : null,
    onRun: () => run(),
    label: "Python program",
  });
  engineNote.hidden = pythonEngine !== null;
  engineNote.textContent = PYTHON_MISSING;

  programSel.replaceChildren(...programOptions(examples, workloads));
  programSel.value = pythonEngine ? `py:${examples[0]?.name}` : "wl:del-resources";

  const strategiesBox = byId("lab-strategies");
  for (const e of catalog.entries())
    strategiesBox.append(
      h(
        "label",
        { class: "chip", title: e.description },
        h("input", {
          type: "checkbox",
          name: "lab-strategy",
          value: e.name,
          checked: DEFAULT_STRATEGIES.includes(e.name),
        }),
        h("span", {}, e.name),
      ),
    );

  function currentFile(): string {
    return programSel.value.startsWith("py:") ? programSel.value.slice(3) : "<workload>";
  }

  function showProgram(): void {
    const v = programSel.value;
    if (v.startsWith("py:")) {
      const ex = examples.find((e) => e.name === v.slice(3));
      editor.setSource(ex?.source ?? "");
      editorBox.hidden = false;
      workloadInfo.hidden = true;
      scaleIn.disabled = true;
    } else {
      const w = workloads.find((x) => x.name === v.slice(3));
      editorBox.hidden = true;
      workloadInfo.hidden = false;
      scaleIn.disabled = false;
      const params = w ? paramsFor(w.name, 1) : null;
      workloadInfo.replaceChildren(
        h("h3", {}, w?.name ?? v),
        h("p", {}, ...withCode(w?.description ?? "unknown workload")),
        h(
          "p",
          { class: "note" },
          "A built-in workload is a program written against the runtime's API (no source lines to highlight). At scale 1 it runs with these parameters (the scale multiplies the counts): ",
          h(
            "code",
            {},
            params
              ? Object.entries(params)
                  .map(([k, x]) => `${k}=${x}`)
                  .join(", ")
              : "—",
          ),
        ),
      );
    }
  }
  programSel.addEventListener("change", showProgram);
  showProgram();

  const timeline = createTimeline(byId("timeline-body"), (line) => {
    if (programSel.value.startsWith("py:")) editor.showLine(line);
  });
  timeline.setRuns([]);
  byId("timeline").hidden = true;

  const collections = createCollectionView(byId("collection-body"), (strategy, event) => {
    timeline.show(strategy, event);
    byId("timeline").scrollIntoView({ block: "start" });
  });
  void collections.setSnapshots([]);
  const state: LabState = { columns: [], running: false, timeline, collections };
  let jobs: WorkerJob[] = [];
  /** The last run's request and time limit per strategy: a life replay runs exactly the same job. */
  const lastRuns = new Map<string, { req: JobRequest; limitMs: number }>();

  /** Reruns `strategy`'s last job following one object (its own Worker, the same time limit). */
  function watchLife(strategy: string, watch: WatchRequest): Promise<LifeWatchResult> {
    const last = lastRuns.get(strategy);
    if (last === undefined) return Promise.reject(new Error(`no run of ${strategy} to replay`));
    return new Promise((resolve, reject) => {
      startWorkerJob<JobMessage>(
        () => new Worker(new URL("../engine/lab-worker.ts", import.meta.url), { type: "module" }),
        { ...last.req, watch },
        last.limitMs,
        {
          onMessage(m) {
            if (m.type === "life") resolve(m.life);
            else if (m.type === "error") reject(new Error(m.message));
            else if (m.type === "done") reject(new Error("the replay ended without finding the object"));
            else return false;
            return true;
          },
          onFail: (message) => reject(new Error(message)),
        },
      );
    });
  }

  const { setStatus, setRunning } = runControls(runBtn, stopBtn, status, (on) => {
    state.running = on;
  });

  function renderColumn(c: Column, differs: Uint8Array | null): void {
    c.el.status.textContent = c.state === "running" ? "running…" : c.state;
    c.el.status.dataset.state = c.state;
    c.el.out.replaceChildren(
      ...c.lines.map((text, i) =>
        differs?.[i]
          ? h(
              "li",
              { class: "differs", title: "differs from another strategy's output" },
              h("span", { class: "sr-only" }, "differs: "),
              text,
            )
          : h("li", {}, text),
      ),
    );
    if (c.state === "error" || c.state === "stopped")
      c.el.out.append(h("li", { class: "failure", role: "alert" }, c.message));
    const s = c.summary;
    c.el.foot.textContent = s
      ? `${ms(s.wallMs)} · ${plural(s.allocations, "allocation")} · ${plural(s.collections, "collection")} · held ${bytes(s.heldBytes)}, live ${bytes(s.usedBytes)}`
      : "";
  }

  function settle(): void {
    if (state.columns.some((c) => c.state === "running")) return;
    setRunning(false);
    jobs = [];
    const finished = state.columns.filter((c) => c.state === "done");
    const diffs = markDifferences(state.columns.map((c) => c.lines));
    state.columns.forEach((c, i) => {
      renderColumn(c, state.columns.length > 1 ? diffs[i]! : null);
    });
    const differing = diffs.reduce((a, d) => a + d.reduce((x, y) => x + y, 0), 0);
    const failed = state.columns.length - finished.length;
    setStatus(
      `${finished.length} of ${state.columns.length} runs finished${failed ? `, ${failed} did not` : ""}; ${plural(differing, "output line")} ${differing === 1 ? "differs" : "differ"} between strategies.`,
      failed ? "error" : "done",
    );
    const runs: TimelineRun[] = finished
      .filter((c) => c.recording !== null && c.recording.length > 0)
      .map((c) => ({
        strategy: c.strategy,
        recording: c.recording!,
        pools: onPymalloc(c.strategy),
        collections: startRows(c.collections, c.recording),
        refcounts: c.summary?.refcounts ?? false,
        watch: (w: WatchRequest) => watchLife(c.strategy, w),
      }));
    byId("timeline").hidden = runs.length === 0;
    timeline.setRuns(runs);
    void collections.setSnapshots(
      finished.map((c) => ({ strategy: c.strategy, list: startRows(c.collections, c.recording) })),
    );
  }

  function run(): void {
    if (state.running) return;
    const limit = checkedNumber(limitIn, 0.1, 600, "time limit");
    const heapMiB = checkedNumber(heapIn, 32, 1024, "heap limit");
    const scale = checkedNumber(scaleIn, 0.01, 20, "scale");
    if (limit === null || heapMiB === null || (scale === null && !scaleIn.disabled)) {
      setStatus("Check the highlighted numbers: each must be within its range.", "error");
      return;
    }
    const strategies = [...document.querySelectorAll<HTMLInputElement>("input[name=lab-strategy]:checked")]
      .map((i) => i.value)
      .filter((name) => catalog.names().includes(name));
    if (strategies.length === 0) {
      setStatus("Choose at least one strategy.", "error");
      return;
    }
    const v = programSel.value;
    let program: JobRequest["program"];
    if (v.startsWith("py:")) {
      const source = editor.getSource();
      const problem = pythonEngine?.checkPythonSyntax(source, currentFile()) ?? null;
      if (problem !== null) {
        editor.showLine(problem.line);
        setStatus(`Syntax error on line ${problem.line}: ${problem.message}`, "error");
        return;
      }
      program = { kind: "python", filename: currentFile(), source };
    } else {
      const params = paramsFor(v.slice(3), scale ?? 1);
      if (params === null) {
        setStatus(`There is no workload named "${v.slice(3)}".`, "error");
        return;
      }
      program = { kind: "workload", name: v.slice(3), params };
    }
    columnsEl.replaceChildren();
    lastRuns.clear();
    state.columns = strategies.map((strategy) => {
      const status = h("span", { class: "pill" });
      const out = h("ol", { class: "output", "aria-label": `Output under ${strategy}` });
      const foot = h("p", { class: "col-foot mono" });
      const root = h(
        "article",
        { class: "column card", "data-strategy": strategy },
        h("header", {}, h("h3", {}, strategy), status),
        out,
        foot,
      );
      columnsEl.append(root);
      return {
        strategy,
        lines: [],
        state: "running",
        message: "",
        summary: null,
        recording: null,
        collections: [],
        el: { root, status, out, foot },
      };
    });
    setRunning(true);
    setStatus(`Running under ${strategies.join(", ")}…`, "running");
    for (const c of state.columns) {
      const req: JobRequest = {
        type: "job",
        program,
        strategy: c.strategy,
        settings: smallHeap.checked ? { ...(SMALL_HEAP_SETTINGS[c.strategy] ?? {}) } : {},
        heapLimit: heapMiB * 1024 * 1024,
        maxEvents: MAX_EVENTS,
      };
      lastRuns.set(c.strategy, { req, limitMs: limit * 1000 });
      renderColumn(c, null);
      jobs.push(
        startWorkerJob<JobMessage>(
          () => new Worker(new URL("../engine/lab-worker.ts", import.meta.url), { type: "module" }),
          req,
          limit * 1000,
          {
            onMessage(m) {
              if (m.type === "output") {
                c.lines.push(...m.lines);
                renderColumn(c, null);
                return false;
              }
              if (m.type === "done") {
                c.state = "done";
                c.summary = m.summary;
                c.recording = m.recording;
                c.collections = m.collections;
              } else if (m.type === "error") {
                c.state = "error";
                c.message = m.message;
              }
              renderColumn(c, null);
              settle();
              return true;
            },
            onFail(message) {
              c.state = message.startsWith("stopped") ? "stopped" : "error";
              c.message = message;
              renderColumn(c, null);
              settle();
            },
          },
        ),
      );
    }
  }

  runBtn.addEventListener("click", run);
  stopBtn.addEventListener("click", () => {
    for (const j of jobs) j.stop("stopped by you");
  });
  setRunning(false);
  return state;
}

/**
 * Each snapshot's collection start row, read from the recording (`gcStartEvent`, one row per collection in
 * order, as the snapshots' `index` counts them). The row the snapshot noted when its `gc.callbacks` entry
 * ran is only a guess: a collection's callbacks and its `gc-start` event are not ordered the same way on
 * every path, so that row can be the previous collection's end.
 */
function startRows(list: LabCollection[], recording: Recording | null): LabCollection[] {
  if (recording === null) return list;
  return list.map((s) =>
    s.index < recording.gcStartEvent.length ? { ...s, atEvent: recording.gcStartEvent[s.index]! } : s,
  );
}
