import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../src/catalog";
import type { CompareState } from "../src/compare/compare-view";
import { VERSION_WORKLOADS } from "../src/compare/defaults";
import {
  axeSerious,
  launchChromium,
  serveBuild,
  skipBrowser,
  steadyPage,
  watchedPage,
} from "./browser-harness";

const here = dirname(fileURLToPath(import.meta.url));
const OUT = join(here, "../test-results/screens");
const skip = skipBrowser("the Compare tab's CPython versions preset");

type Heaplab = { heaplab: { compare: CompareState } };

describe.skipIf(skip)("the Compare tab's CPython versions preset", () => {
  let browser: Browser;
  let served: Awaited<ReturnType<typeof serveBuild>>;

  beforeAll(async () => {
    browser = await launchChromium();
    served = await serveBuild();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("chooses the four versions on the version workloads, and shows what changed under the table", async () => {
    const problems: string[] = [];
    const page = await watchedPage(browser, problems, { width: 1280, height: 800 });
    await page.goto(served.url);
    await steadyPage(page);
    await page.click("#tab-compare");
    await page.click("#preset-versions");
    const strategies = await page
      .locator("input[name=strategy]:checked")
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(strategies).toEqual(catalog.names().filter((n) => n.startsWith("cpython-3.")));
    expect(strategies.length).toBeGreaterThanOrEqual(2);
    const workloads = await page
      .locator("input[name=workload]:checked")
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect([...workloads].sort()).toEqual([...VERSION_WORKLOADS].sort());

    await page.fill("#compare-runs", "1");
    await page.click("#run");
    await page.waitForFunction(() => !(window as unknown as Heaplab).heaplab.compare.running, undefined, {
      timeout: 180_000,
    });
    const shown = await page.evaluate(() => {
      const c = (window as unknown as Heaplab).heaplab.compare;
      return { shown: c.shown, versions: c.versions };
    });
    // What the page lists is what the engine found: the general lines, then the shown workload's.
    const expected = [
      ...shown.versions.general,
      ...(shown.versions.byWorkload.find(([w]) => w === shown.shown)?.[1] ?? []),
    ];
    expect(expected.length).toBeGreaterThan(0);
    await expect(page.locator("#versions").isVisible()).resolves.toBe(true);
    expect(await page.locator("#version-findings li").allTextContents()).toEqual(expected);
    expect(await axeSerious(page)).toEqual([]);
    mkdirSync(OUT, { recursive: true });
    await page.locator("#versions").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, "compare-versions-1280x800.png"), fullPage: true });
    await page.locator("#versions").screenshot({ path: join(OUT, "compare-versions-section.png") });
    console.log(`screenshots ${join(OUT, "compare-versions-1280x800.png")} and compare-versions-section.png`);
    expect(problems).toEqual([]);
  }, 300_000);
});
