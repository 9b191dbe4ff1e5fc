import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runOne } from "@heaplab/compare";
import { chromium } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../src/catalog";

const CHROMIUM = "/usr/bin/chromium";
const here = dirname(fileURLToPath(import.meta.url));
const present = existsSync(CHROMIUM);
// In CI the browser is part of the set-up (`pnpm setup:browser`): a missing chromium fails there.
const skip = !present && !process.env.CI;
if (skip)
  console.warn(
    `dashboard test skipped: ${CHROMIUM} is missing. Install it with 'pnpm setup:browser' (apt-get install -y chromium); in CI this test always runs.`,
  );

describe.skipIf(skip)("the dashboard in Chromium", () => {
  let server: ViteDevServer;
  let url: string;

  beforeAll(async () => {
    server = await createServer({
      configFile: join(here, "../vite.config.ts"),
      logLevel: "error",
      server: { port: 0 },
    });
    await server.listen();
    url = server.resolvedUrls!.local[0]!;
  });

  afterAll(async () => {
    await server?.close();
  });

  it("runs a comparison in a worker and shows the engine's numbers in the charts and the table", async () => {
    const browser = await chromium.launch({
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
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(url);
      // Only list-cycle, 100 cycles, under every strategy.
      await page.locator("input[name=workload]").evaluateAll((els) => {
        for (const el of els as HTMLInputElement[]) el.checked = el.value === "list-cycle";
      });
      await page.fill("#scale", "0.05");
      await page.click("#run");
      await page.waitForSelector("#status[data-state=done]", { timeout: 90_000 });
      expect(errors).toEqual([]);

      const strategies = catalog.names();
      // The oracle: the engine itself, run here in Node on the same workload and parameters.
      for (const s of strategies) {
        const r = runOne(
          { workload: "list-cycle", strategy: s, params: { count: 100 } },
          { catalog, heapLimit: 256 << 20 },
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

      // The charts: one uPlot per chart, one series per strategy, drawn from the same runs.
      expect(await page.locator(".chart .uplot").count()).toBe(3);
      const charts = await page.evaluate(() => {
        const h = (
          window as unknown as {
            heaplab: {
              charts: { heap: unknown[][]; generations: number[][] };
              results: {
                strategy: string;
                heap: { heldBytes: number }[];
                collections: Record<string, number>;
              }[];
            };
          }
        ).heaplab;
        return { heap: h.charts.heap, gens: h.charts.generations, results: h.results };
      });
      expect(charts.heap.length).toBe(1 + strategies.length);
      charts.results.forEach((r, i) => {
        const shown = (charts.heap[i + 1] as (number | null)[]).filter((v): v is number => v !== null);
        const held = r.heap.map((p) => p.heldBytes);
        expect(Math.max(...shown)).toBe(Math.max(...held));
        expect(shown.at(-1)).toBe(held.at(-1));
        expect(charts.gens[i + 1]!.reduce((a, b) => a + b, 0)).toBe(
          Object.values(r.collections).reduce((a, b) => a + b, 0),
        );
      });
      // The heap map was drawn from the bytes: the canvas has pixels that are not the background.
      const painted = await page.evaluate(() => {
        const c = document.getElementById("heap-map") as HTMLCanvasElement;
        const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] !== 255 || d[i + 1] !== 255 || d[i + 2] !== 255) n++;
        return n;
      });
      expect(painted).toBeGreaterThan(0);

      const out = join(here, "../test-results");
      mkdirSync(out, { recursive: true });
      await page.screenshot({ path: join(out, "dashboard.png"), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 300_000);
});
