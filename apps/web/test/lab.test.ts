import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runOne } from "@heaplab/compare";
import { inspectPanel } from "@heaplab/inspect";
import { runPython } from "@heaplab/python";
import { Runtime } from "@heaplab/runtime";
import { createWorkloadContext, getWorkload } from "@heaplab/workloads";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../src/catalog";
import { paramsFor } from "../src/engine/params";
import { SMALL_HEAP_SETTINGS } from "../src/engine/small-heap";
import { markDifferences } from "../src/lab/output-diff";
import { axeSerious, CHROMIUM, serveBuild, skipBrowser } from "./browser-harness";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "../test-results");
// In CI the browser is part of the set-up (`pnpm setup:browser`): a missing chromium fails there.
const skip = skipBrowser("lab browser test");

const HEAP = 64 << 20;

/** The lab's default program run here in Node: the oracle for what each column prints. */
function oracle(strategy: string, workload: string, scale: number) {
  const rt = new Runtime(
    catalog.get(strategy).create({ heapLimit: HEAP, settings: { ...(SMALL_HEAP_SETTINGS[strategy] ?? {}) } }),
    { heapLimit: HEAP },
  );
  const w = getWorkload(workload);
  const ctx = createWorkloadContext(rt);
  const mark = rt.openScope();
  w.run(rt, { ...w.params, ...paramsFor(workload, scale)! }, ctx);
  rt.closeScope(mark);
  return { output: [...ctx.output], collections: rt.stats().collections.reduce((a, b) => a + b, 0) };
}

/** What `@heaplab/python` prints for `source` under `strategy` in Node, with the lab's small-heap settings. */
function pythonOracle(strategy: string, source: string): string[] {
  const rt = new Runtime(
    catalog.get(strategy).create({ heapLimit: HEAP, settings: { ...(SMALL_HEAP_SETTINGS[strategy] ?? {}) } }),
    { heapLimit: HEAP },
  );
  let text = "";
  runPython(rt, source, {
    filename: "cycle_with_del.py",
    stdout: (t) => (text += t),
    stderr: (t) => (text += t),
  });
  return text.split("\n").filter((line, i, all) => i < all.length - 1 || line !== "");
}

interface PageState {
  lab: {
    running: boolean;
    columns: { strategy: string; state: string; lines: string[]; message: string }[];
    timeline: { position: number; strategy: string | null };
  };
  compare: { running: boolean; charts: { heap: unknown[][]; generations: number[][] } };
  frameTimes: number[];
}
const labState = (page: Page) =>
  page.evaluate(() => (window as unknown as { heaplab: PageState }).heaplab.lab);

async function waitIdle(page: Page, which: "lab" | "compare" | "inspect"): Promise<void> {
  await page.waitForFunction(
    (w) => !(window as unknown as { heaplab: Record<string, { running: boolean }> }).heaplab[w]!.running,
    which,
    { timeout: 120_000 },
  );
}

/** A page that collects console errors, page errors, failed requests and HTTP errors into `problems`. */
async function watchedPage(browser: Browser, problems: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return page;
}

describe.skipIf(skip)("the memory lab in Chromium", () => {
  let browser: Browser;
  const servers: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    mkdirSync(out, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
  });

  it("runs, marks, scrubs, refuses bad input, stops runs, compares, and passes axe in both themes", async () => {
    const served = await serveBuild();
    servers.push(served);
    const problems: string[] = [];
    const page = await watchedPage(browser, problems);
    await page.goto(served.url);
    expect(await axeSerious(page)).toEqual([]);

    // 1. The default program under the three default strategies; each column prints what the engine
    //    prints in Node, and the differing lines are the ones the oracle's outputs differ in.
    const strategies = ["cpython-3.11", "refcount", "jvm-serial"];
    expect(
      await page
        .locator("input[name=lab-strategy]:checked")
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    ).toEqual(strategies);
    // The lab opens on a Python example; the first check runs a built-in workload.
    expect(await page.inputValue("#program")).toBe("py:cycle_with_del.py");
    await page.selectOption("#program", "wl:del-resources");
    await page.click("#lab-run");
    await waitIdle(page, "lab");
    let lab = await labState(page);
    const expected = strategies.map((s) => oracle(s, "del-resources", 8));
    expect(lab.columns.map((c) => c.state)).toEqual(["done", "done", "done"]);
    expect(lab.columns.map((c) => c.lines)).toEqual(expected.map((e) => e.output));
    const marks = markDifferences(expected.map((e) => e.output));
    for (const [i, s] of strategies.entries())
      expect(await page.locator(`article[data-strategy="${s}"] li.differs`).count()).toBe(
        marks[i]!.reduce((a, b) => a + b, 0),
      );
    expect(await page.locator("li.differs").count()).toBeGreaterThan(0);

    // 2. The recorded run opens at its end: the collections so far are the strategy's own count.
    await expect(page.locator("#timeline").isVisible()).resolves.toBe(true);
    const gcs = await page.textContent("#timeline-gcs");
    expect(gcs?.startsWith(String(expected[0]!.collections))).toBe(true);
    // Step back to the last collection, then forward to the next: the event line says which.
    await page.click("#timeline-prev-gc");
    await page.waitForFunction(() =>
      document.getElementById("timeline-event")?.textContent?.includes("ends"),
    );
    expect(await page.textContent("#timeline-event")).toMatch(/^collection \d+ of generation \d ends/);
    await page.click("#timeline-back");
    await page.focus("#timeline-slider");
    await page.keyboard.press("ArrowRight");
    // The timeline redraws on the next animation frame: wait for it rather than for a fixed time.
    await page.waitForFunction(
      () => document.getElementById("timeline-event")?.textContent?.includes("ends"),
      undefined,
      {
        timeout: 10_000,
      },
    );
    const painted = await page.evaluate(() => {
      const c = document.getElementById("timeline-map") as HTMLCanvasElement;
      return c.width * c.height > 0;
    });
    expect(painted).toBe(true);

    // 2b. A collection step by step: the arithmetic on the graph finds what the collector collected.
    await page.waitForSelector("#collection-graph svg");
    for (let k = 0; k < 4; k++) await page.click("#collection-next");
    expect(await page.textContent("#collection-step-name")).toBe("Step 5 of 5: finalize and delete_garbage");
    const step = await page.evaluate(() => {
      const c = (
        window as unknown as {
          heaplab: {
            lab: {
              collections: {
                steps: { unreachable: number };
                snapshot: { collected: number; atEvent: number };
              };
            };
          };
        }
      ).heaplab.lab.collections;
      return {
        unreachable: c.steps.unreachable,
        collected: c.snapshot.collected,
        atEvent: c.snapshot.atEvent,
      };
    });
    expect(step.unreachable).toBeGreaterThan(0);
    expect(step.unreachable).toBe(step.collected);
    // Every drawn object is coloured by the set the steps put it in.
    const drawnNodes = await page.evaluate(() => {
      const c = (
        window as unknown as { heaplab: { lab: { collections: { steps: { reachable: Uint8Array } } } } }
      ).heaplab.lab.collections;
      return [...document.querySelectorAll("#collection-graph g.node")].map((g) => ({
        unreachableClass: g.classList.contains("node-unreachable"),
        unreachable: c.steps.reachable[Number(g.getAttribute("data-index"))] === 0,
      }));
    });
    expect(drawnNodes.length).toBeGreaterThan(0);
    expect(drawnNodes.every((d) => d.unreachableClass === d.unreachable)).toBe(true);
    expect(drawnNodes.some((d) => d.unreachable)).toBe(true);
    await page.click("#collection-timeline");
    await page.waitForFunction(
      (at) => (window as unknown as { heaplab: PageState }).heaplab.lab.timeline.position === at,
      step.atEvent,
    );
    // The timeline redraws on the next animation frame: wait for the text, then read it.
    await page.waitForFunction(
      () =>
        /^collection \d+ of generation \d starts/.test(
          document.getElementById("timeline-event")?.textContent ?? "",
        ),
      undefined,
      { timeout: 10_000 },
    );
    // 2c. One object's life: the object the previous event touched, then a click on the map.
    await page.click("#timeline-back");
    await page.waitForTimeout(50);
    await page.click("#timeline-life");
    const lifeText = (await page.textContent("#object-life")) ?? "";
    expect(lifeText).toMatch(/allocated at event/);
    const canvasBox = (await page.locator("#timeline-map").boundingBox())!;
    await page.mouse.click(canvasBox.x + canvasBox.width / 2, canvasBox.y + canvasBox.height / 2);
    expect(await page.textContent("#object-life")).toMatch(/allocated at event|No object there/);
    await page.screenshot({ path: join(out, "lab-wide.png"), fullPage: true });

    // 3. A Python example under the three strategies: each column prints what @heaplab/python prints in
    //    Node under that strategy, and reference counting alone never finds the cycle the others free.
    await page.selectOption("#program", "py:cycle_with_del.py");
    expect(await page.locator(".cm-content").textContent()).toContain("class MyClass");
    await page.click("#lab-run");
    await waitIdle(page, "lab");
    lab = await labState(page);
    expect(lab.columns.map((c) => c.state)).toEqual(["done", "done", "done"]);
    const source = readFileSync(join(here, "../src/examples/cycle_with_del.py"), "utf8");
    expect(lab.columns.map((c) => c.lines)).toEqual(strategies.map((s) => pythonOracle(s, source)));
    expect(lab.columns[0]!.lines).not.toEqual(lab.columns[1]!.lines);
    expect(await page.locator('article[data-strategy="refcount"] li.differs').count()).toBeGreaterThan(0);
    expect(await page.isEnabled("#lab-run")).toBe(true);
    await page.screenshot({ path: join(out, "lab-python.png"), fullPage: false });

    // 4. Numbers typed into the controls are checked; an unknown workload is refused in place.
    await page.selectOption("#program", "wl:list-cycle");
    await page.fill("#time-limit", "-5");
    await page.click("#lab-run");
    expect(await page.getAttribute("#time-limit", "aria-invalid")).toBe("true");
    expect(await page.getAttribute("#lab-status", "data-state")).toBe("error");
    await page.fill("#time-limit", "20");
    await page.evaluate(() => {
      const sel = document.getElementById("program") as HTMLSelectElement;
      sel.append(new Option("bogus", 'wl:bo"gus'));
      sel.value = 'wl:bo"gus';
    });
    await page.click("#lab-run");
    expect(await page.textContent("#lab-status")).toBe('There is no workload named "bo"gus".');
    expect(await page.isEnabled("#lab-run")).toBe(true);

    // 5. A run past its time limit is stopped, and so is one the user stops; Run comes back.
    await page.selectOption("#program", "wl:gcbench");
    await page.fill("#lab-scale", "20");
    await page.fill("#time-limit", "0.5");
    await page.click("#lab-run");
    await waitIdle(page, "lab");
    lab = await labState(page);
    expect(lab.columns.map((c) => c.state)).toEqual(["stopped", "stopped", "stopped"]);
    expect(lab.columns[0]!.message).toContain("time limit of 0.5 s");
    await page.fill("#time-limit", "60");
    await page.click("#lab-run");
    await page.waitForTimeout(300);
    expect(await page.isDisabled("#lab-run")).toBe(true);
    await page.click("#lab-stop");
    await waitIdle(page, "lab");
    lab = await labState(page);
    expect(lab.columns.every((c) => c.state === "stopped" && c.message === "stopped by you")).toBe(true);

    // 6. 100,000 events and more, scrubbed by dragging the slider: the frame times are printed.
    await page.selectOption("#program", "wl:temporaries");
    await page.fill("#lab-scale", "0.6");
    for (const s of ["refcount", "jvm-serial"]) await page.click(`label.chip:has(input[value="${s}"])`);
    await page.click("#lab-run");
    await waitIdle(page, "lab");
    const events = await page.evaluate(
      () => Number((document.getElementById("timeline-slider") as HTMLInputElement).max) + 1,
    );
    expect(events).toBeGreaterThanOrEqual(100_000);
    await page.evaluate(() => {
      (window as unknown as { heaplab: PageState }).heaplab.frameTimes.length = 0;
    });
    await page.locator("#timeline-slider").scrollIntoViewIfNeeded();
    const box = (await page.locator("#timeline-slider").boundingBox())!;
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let k = 0; k <= 60; k++) {
      await page.mouse.move(box.x + 2 + ((box.width - 4) * k) / 60, box.y + box.height / 2);
      await page.evaluate(() => new Promise(requestAnimationFrame));
    }
    await page.mouse.up();
    const frames = await page.evaluate(() =>
      (window as unknown as { heaplab: PageState }).heaplab.frameTimes.slice(),
    );
    expect(frames.length).toBeGreaterThan(10);
    const sorted = [...frames].sort((a, b) => a - b);
    console.log(
      `scrubbing ${events.toLocaleString("en-US")} events: ${frames.length} frames while dragging, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]!.toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms (render + replay of one frame)`,
    );

    // 7. The comparison, reached by keyboard; its numbers are the engine's, run here in Node.
    await page.focus("#tab-lab");
    await page.keyboard.press("ArrowRight");
    await expect(page.locator("#panel-compare").isVisible()).resolves.toBe(true);
    await page.locator("input[name=workload]").evaluateAll((els) => {
      for (const el of els as HTMLInputElement[]) el.checked = el.value === "list-cycle";
    });
    await page.fill("#scale", "0.05");
    await page.click("#run");
    await waitIdle(page, "compare");
    for (const s of catalog.names()) {
      const r = runOne(
        {
          workload: "list-cycle",
          strategy: s,
          params: paramsFor("list-cycle", 0.05)!,
          ...(SMALL_HEAP_SETTINGS[s] ? { settings: { ...SMALL_HEAP_SETTINGS[s] } } : {}),
        },
        { catalog, heapLimit: HEAP },
      );
      const row = page.locator(`tr[data-workload="list-cycle"][data-strategy="${s}"]`);
      await expect(row.locator('td[data-col="allocations"]').textContent()).resolves.toBe(
        r.allocations.toLocaleString("en-US"),
      );
      await expect(row.locator('td[data-col="leaked"]').textContent()).resolves.toBe(
        r.leakedObjects.toLocaleString("en-US"),
      );
      const gens =
        Object.entries(r.collections)
          .map(([g, n]) => `${g}:${n}`)
          .join(" ") || "-";
      await expect(row.locator('td[data-col="collections"]').textContent()).resolves.toBe(gens);
    }
    expect(await page.locator(".chart .uplot").count()).toBe(3);
    expect(await page.locator(".chart-card figcaption").count()).toBe(5);
    const charts = await page.evaluate(
      () => (window as unknown as { heaplab: PageState }).heaplab.compare.charts,
    );
    expect(charts.heap.length).toBe(1 + 2 * catalog.names().length);
    expect(await axeSerious(page)).toEqual([]);
    await page.screenshot({ path: join(out, "compare-wide.png"), fullPage: true });

    // 8. The inspection panel: the leak finder and Pympler's summary, as the library finds them in Node.
    await page.click("#tab-inspect");
    await page.selectOption("#inspect-program", "wl:leak-listener");
    await page.selectOption("#inspect-strategy", "cpython-3.11");
    await page.fill("#inspect-iterations", "200");
    await page.click("#inspect-run");
    await waitIdle(page, "inspect");
    const p = inspectPanel(
      getWorkload("leak-listener"),
      () => catalog.get("cpython-3.11").create({ heapLimit: 256 << 20 }),
      { iterations: 200 },
    );
    expect(p.leak.leaking).toBe(true);
    expect(await page.textContent("#inspect-verdict")).toMatch(/^Leaking/);
    expect(await page.textContent("#inspect-chain")).toBe(p.chain);
    const firstRow = await page
      .locator("#inspect-summary")
      .locator("tbody tr")
      .first()
      .locator("td")
      .allTextContents();
    expect(firstRow.slice(0, 2)).toEqual([p.summary[0]!.type, p.summary[0]!.count.toLocaleString("en-US")]);
    expect(await page.getAttribute("#inspect-snapshot", "href")).toMatch(/^blob:/);
    expect(await axeSerious(page)).toEqual([]);
    await page.screenshot({ path: join(out, "inspect-wide.png"), fullPage: true });

    // 9. Dark theme, then a phone-sized window.
    await page.click("#theme");
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    await page.click("#tab-lab");
    expect(await axeSerious(page)).toEqual([]);
    await page.screenshot({ path: join(out, "lab-wide-dark.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(100);
    await page.screenshot({ path: join(out, "lab-narrow-dark.png"), fullPage: true });
    await page.click("#theme");
    await page.screenshot({ path: join(out, "lab-narrow.png"), fullPage: false });

    expect(problems).toEqual([]);
  }, 300_000);

  it("runs Python through the engine contract: columns, source lines in the recording and the editor, syntax errors on their line", async () => {
    // The build with src/engine/python.ts replaced by a stand-in that honours @heaplab/python's contract.
    const served = await serveBuild([
      { find: /^(?:\.|\.\.\/engine)\/python$/, replacement: join(here, "fake-python-module.ts") },
    ]);
    servers.push(served);
    const problems: string[] = [];
    const page = await watchedPage(browser, problems);
    await page.goto(served.url);
    expect(await page.isHidden("#engine-note")).toBe(true);
    expect(await page.inputValue("#program")).toBe("py:cycle_with_del.py");
    const program = [
      "a = []",
      "b = []",
      "a.append(b)",
      "b.append(a)",
      'print("made a cycle")',
      "del a",
      "del b",
      'print("collected", gc.collect())',
    ];
    await page.click(".cm-content");
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.type(program.join("\n"));
    await page.click("#lab-run");
    await waitIdle(page, "lab");
    const lab = await labState(page);
    expect(lab.columns.map((c) => c.state)).toEqual(["done", "done", "done"]);
    // Reference counting alone leaves the cycle; the cycle collector and the tracing collector free it.
    const collected = lab.columns.map((c) => c.lines.at(-1));
    expect(collected[1]).toBe("collected 0");
    expect(collected[0]).not.toBe("collected 0");
    expect(await page.locator('article[data-strategy="refcount"] li.differs').count()).toBe(1);
    // The recording carries the source lines: at its end the program is on its last line, shown in the editor.
    expect(await page.textContent("#timeline-line")).toBe(String(program.length));
    expect(await page.locator(".cm-playhead").textContent()).toBe(program.at(-1));
    // A syntax error: marked on its line in the editor, and Run is refused with the line named.
    await page.click(".cm-content");
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\nprint((");
    await page.waitForSelector(".cm-lintRange-error", { timeout: 5000 });
    await page.click("#lab-run");
    expect(await page.textContent("#lab-status")).toBe(
      `Syntax error on line ${program.length + 1}: invalid syntax`,
    );
    expect(await page.locator(".cm-playhead").textContent()).toBe("print((");
    await page.screenshot({ path: join(out, "lab-python-stand-in.png"), fullPage: true });
    expect(problems).toEqual([]);
  }, 300_000);
});
