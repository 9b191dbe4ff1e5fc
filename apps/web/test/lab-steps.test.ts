import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, serveBuild, skipBrowser } from "./browser-harness";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "../test-results");
const skip = skipBrowser("lab steps browser test");

/** What the test reads from the page (`window.heaplab.lab`). */
interface LabWindow {
  heaplab: {
    lab: {
      running: boolean;
      columns: {
        strategy: string;
        state: string;
        recording: { length: number; kind: Uint8Array; type: Uint16Array; typeNames: string[] } | null;
      }[];
      timeline: { show(strategy: string, i: number): void; position: number; strategy: string | null };
      collections: {
        strategy: string;
        step: number;
        snapshot: {
          kind: string;
          collected: number;
          reachOrder?: number[];
          typeNames: string[];
        } | null;
        steps: {
          phases?: string[];
          reachedAt?: Int32Array;
          dead?: Uint8Array;
          counts?: { dead: number };
          unreachable?: number;
        } | null;
        groups: { strategy: string; list: { index: number; kind: string; collected: number }[] }[];
        select(strategy: string, index: number): Promise<boolean>;
      };
    };
  };
}

const allocRow = (page: Page, strategy: string, type: string) =>
  page.evaluate(
    ([s, t]) => {
      const r = (window as unknown as LabWindow).heaplab.lab.columns.find((c) => c.strategy === s)!
        .recording!;
      for (let i = 0; i < r.length; i++) if (r.kind[i] === 1 && r.typeNames[r.type[i]!] === t) return i;
      return -1;
    },
    [strategy, type] as const,
  );

describe.skipIf(skip)("the lab's collection steps and object lives in Chromium", () => {
  let browser: Browser;
  let served: { url: string; close(): Promise<void> };

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
    served = await serveBuild();
    mkdirSync(out, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("steps through a CPython and a jvm-serial collection and opens objects' lives", async () => {
    const problems: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    await page.goto(served.url);
    // The seed program with a cycle and __del__, under cpython-3.11, refcount and jvm-serial.
    expect(await page.inputValue("#program")).toBe("py:cycle_with_del.py");
    await page.click("#lab-run");
    await page.waitForFunction(() => !(window as unknown as LabWindow).heaplab.lab.running, undefined, {
      timeout: 120_000,
    });
    const lab = () => page.evaluate(() => (window as unknown as LabWindow).heaplab.lab.collections);

    // 1. CPython's collection: the five steps of gc_collect_main, ending with what it collected.
    await page.waitForSelector("#collection-graph svg");
    let view = await lab();
    expect(view.strategy).toBe("cpython-3.11");
    expect(view.groups.map((g) => g.strategy)).toEqual(["cpython-3.11", "jvm-serial"]);
    for (let k = 0; k < 4; k++) await page.click("#collection-next");
    view = await lab();
    // Both instances are found unreachable; their __del__ breaks the cycle, so reference counting frees
    // them during finalization and gc.collect() reports 0 (as CPython 3.11 prints): the text says why.
    expect(view.steps!.unreachable).toBe(2);
    expect(view.snapshot!.collected).toBe(0);
    expect(await page.textContent("#collection-step-text")).toContain(
      "counts only what is still unreachable",
    );
    await page.locator("#collection-step").screenshot({ path: join(out, "steps-cpython.png") });

    // 2. jvm-serial's gc.collect(): the heap, marking in the collector's order, and what follows.
    const jvm = view.groups.find((g) => g.strategy === "jvm-serial")!;
    expect(jvm.list.every((s) => s.kind === "tracing")).toBe(true);
    const option = await page.$$eval(
      "#collection-pick option",
      (opts, prefix) => opts.find((o) => o.textContent?.startsWith(prefix))?.getAttribute("value") ?? "",
      `jvm-serial #${(jvm.list.find((c) => c.collected > 0) ?? jvm.list.at(-1)!).index + 1}:`,
    );
    await page.selectOption("#collection-pick", option);
    await page.waitForFunction(
      () => (window as unknown as LabWindow).heaplab.lab.collections.strategy === "jvm-serial",
    );
    view = await lab();
    const phases = view.steps!.phases!;
    expect(phases[0]).toBe("heap");
    expect(["mark", "copy"]).toContain(phases[1]);
    expect(phases).toContain("reclaim");
    // The objects the collector freed are the ones it counted dead.
    expect(view.steps!.counts!.dead).toBe(view.snapshot!.collected);
    await page.click("#collection-next");
    expect(await page.textContent("#collection-step-name")).toMatch(
      /^Step 2 of \d: (marking from the roots|copying with forwarding addresses)$/,
    );
    // Half the trace: exactly the drawn objects reached before that point are coloured reached.
    const total = view.snapshot!.reachOrder!.length;
    expect(total).toBeGreaterThan(0);
    const half = Math.ceil(total / 2);
    await page.locator("#collection-trace").fill(String(half));
    expect(await page.textContent("#collection-trace-count")).toBe(`${half} of ${total} reached`);
    const colours = await page.evaluate((k) => {
      const st = (window as unknown as LabWindow).heaplab.lab.collections.steps!;
      return [...document.querySelectorAll("#collection-graph g.node")].map((g) => {
        const r = st.reachedAt![Number(g.getAttribute("data-index"))]!;
        const coloured = g.classList.contains("node-reachable") || g.classList.contains("node-current");
        return coloured === (r >= 0 && r < k);
      });
    }, half);
    expect(colours.length).toBeGreaterThan(0);
    expect(colours.every(Boolean)).toBe(true);
    await page.locator("#collection-step").screenshot({ path: join(out, "steps-jvm-serial-mark.png") });
    for (let k = 2; k < phases.length; k++) {
      await page.click("#collection-next");
      if (phases[k] === "compact" || phases[k] === "copy")
        expect(await page.locator("#collection-forwarding table tbody tr").count()).toBeGreaterThan(0);
      if (phases[k] === "reclaim") {
        // Dashed exactly where the collector freed (or, marking, did not reach) the object.
        const dead = await page.evaluate(() => {
          const st = (window as unknown as LabWindow).heaplab.lab.collections.steps!;
          return [...document.querySelectorAll("#collection-graph g.node")].map(
            (g) =>
              g.classList.contains("node-unreachable") ===
              (st.dead![Number(g.getAttribute("data-index"))] === 1),
          );
        });
        expect(dead.every(Boolean)).toBe(true);
        await page
          .locator("#collection-step")
          .screenshot({ path: join(out, "steps-jvm-serial-reclaim.png") });
      }
    }

    // 2b. Scrub to that collection: the timeline opens jvm-serial's recording at its start.
    await page.click("#collection-timeline");
    await page.waitForFunction(
      () =>
        (window as unknown as LabWindow).heaplab.lab.timeline.strategy === "jvm-serial" &&
        /^collection \d+ of generation 1 starts/.test(
          document.getElementById("timeline-event")?.textContent ?? "",
        ),
      undefined,
      { timeout: 10_000 },
    );

    // 3. One object's life under cpython-3.11: a MyClass instance; its count, referrers and death.
    const row = await allocRow(page, "cpython-3.11", "MyClass");
    expect(row).toBeGreaterThan(0);
    await page.evaluate(
      (i) => (window as unknown as LabWindow).heaplab.lab.timeline.show("cpython-3.11", i),
      row,
    );
    await page.waitForFunction(
      (i) => (window as unknown as LabWindow).heaplab.lab.timeline.position === i,
      row,
    );
    await page.waitForFunction(() =>
      document.getElementById("timeline-event")?.textContent?.startsWith("allocated a MyClass"),
    );
    await page.click("#timeline-life");
    await page.waitForSelector("#life-refcount-chart", { timeout: 60_000 });
    expect(await page.textContent("#life-death")).toMatch(/as part of a reference cycle of \d+ objects/);
    const chart = await page.locator("#life-refcount-chart").getAttribute("aria-label");
    expect(chart).toMatch(/^Reference count from event \d+ to \d+: at most [1-9]\d*$/);
    await page.waitForSelector("#life-referrers ol.backref-chain, #life-referrers p");
    // After `del obj1, obj2` (line 20 prints "after del"): only the other instance refers to it, and no
    // root reaches it — garbage that reference counting alone cannot free.
    const afterDel = await page.evaluate(() => {
      const r = (window as unknown as LabWindow).heaplab.lab.columns[0]!.recording as unknown as {
        line: Uint32Array;
      };
      return r.line.indexOf(20);
    });
    expect(afterDel).toBeGreaterThan(row);
    await page.evaluate(
      (i) => (window as unknown as LabWindow).heaplab.lab.timeline.show("cpython-3.11", i),
      afterDel,
    );
    await page.waitForFunction(
      (i) => (window as unknown as LabWindow).heaplab.lab.timeline.position === i,
      afterDel,
    );
    await page.click("#life-again");
    await page.waitForFunction(
      () => !document.getElementById("life-waiting") && document.getElementById("life-refcount-chart"),
      undefined,
      {
        timeout: 60_000,
      },
    );
    const referrers = (await page.textContent("#life-referrers")) ?? "";
    expect(referrers).toContain("No root reaches it");
    expect(referrers).toMatch(/Referred to directly by: MyClass \.other/);
    await page.locator(".life-card").screenshot({ path: join(out, "life-cpython.png") });

    // 3b. Under refcount alone the same cycle is never freed: the card says it was still alive at the end.
    const rrow = await allocRow(page, "refcount", "MyClass");
    await page.evaluate(
      (i) => (window as unknown as LabWindow).heaplab.lab.timeline.show("refcount", i),
      rrow,
    );
    await page.waitForFunction(
      (i) => (window as unknown as LabWindow).heaplab.lab.timeline.position === i,
      rrow,
    );
    await page.waitForFunction(() =>
      document.getElementById("timeline-event")?.textContent?.startsWith("allocated a MyClass"),
    );
    await page.click("#timeline-life");
    expect(await page.textContent("#life-death")).toMatch(/^Still alive when the recording ended/);
    await page.waitForSelector("#life-refcount-chart", { timeout: 60_000 });

    // 4. Under jvm-serial the same object has no count; the card says so and still shows its referrers.
    const jrow = await allocRow(page, "jvm-serial", "MyClass");
    await page.evaluate(
      (i) => (window as unknown as LabWindow).heaplab.lab.timeline.show("jvm-serial", i),
      jrow,
    );
    await page.waitForFunction(
      (i) => (window as unknown as LabWindow).heaplab.lab.timeline.position === i,
      jrow,
    );
    await page.waitForFunction(() =>
      document.getElementById("timeline-event")?.textContent?.startsWith("allocated a MyClass"),
    );
    await page.click("#timeline-life");
    expect(await page.textContent("#life-refcount")).toContain("jvm-serial keeps no reference counts");
    await page.waitForFunction(() => !document.getElementById("life-waiting"), undefined, {
      timeout: 60_000,
    });
    expect(await page.textContent("#life-death")).toMatch(/Collected by collection #\d+|Still alive/);
    await page.locator(".life-card").screenshot({ path: join(out, "life-jvm-serial.png") });
    await page.screenshot({ path: join(out, "lab-steps-full.png"), fullPage: true });
    expect(problems).toEqual([]);
  }, 300_000);
});
