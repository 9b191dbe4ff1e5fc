import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { build, preview } from "vite";

/** Debian's Chromium (`pnpm setup:browser`); the only browser these machines can install. */
export const CHROMIUM = "/usr/bin/chromium";
const here = dirname(fileURLToPath(import.meta.url));

/**
 * Whether the browser tests run: always in CI (a missing chromium fails there), else only when
 * chromium is installed (with a message saying how to install it).
 *
 * @example
 * describe.skipIf(skipBrowser("screens"))("…", () => {});
 */
export function skipBrowser(what: string): boolean {
  const skip = !existsSync(CHROMIUM) && !process.env.CI;
  if (skip)
    console.warn(
      `${what} skipped: ${CHROMIUM} is missing. Install it with 'pnpm setup:browser'; in CI it always runs.`,
    );
  return skip;
}

/**
 * Headless Chromium with the flags the lab's browser tests use: no GPU (software rendering is the
 * same on every machine), no sandbox (root in CI), nothing fetched from the network.
 *
 * @example
 * const browser = await launchChromium();
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--font-render-hinting=none",
      "--disable-lcd-text",
      "--force-color-profile=srgb",
    ],
  });
}

/**
 * A production build (as `pnpm demo:web` serves it) in a temporary folder, served by `vite preview`;
 * `alias` swaps modules in that build (a test's fake Python engine).
 *
 * @example
 * const served = await serveBuild();
 * await page.goto(served.url);
 * await served.close();
 */
export async function serveBuild(
  alias: { find: RegExp; replacement: string }[] = [],
): Promise<{ url: string; close(): Promise<void> }> {
  const dist = mkdtempSync(join(tmpdir(), "heaplab-web-"));
  const configFile = join(here, "../vite.config.ts");
  const resolve = alias.length > 0 ? { alias } : {};
  await build({ configFile, logLevel: "error", resolve, build: { outDir: dist, emptyOutDir: true } });
  const server = await preview({
    configFile,
    logLevel: "error",
    build: { outDir: dist },
    preview: { port: 0, open: false },
  });
  return {
    url: server.resolvedUrls!.local[0]!,
    close: async () => {
      await server.close();
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

/**
 * A page that collects console errors, page errors, failed requests and HTTP errors into `problems`.
 *
 * @example
 * const problems: string[] = [];
 * const page = await watchedPage(browser, problems, { width: 1280, height: 800 });
 */
export async function watchedPage(
  browser: Browser,
  problems: string[],
  viewport: { width: number; height: number },
): Promise<Page> {
  const page = await browser.newPage({
    viewport,
    deviceScaleFactor: 1,
    colorScheme: "light",
    reducedMotion: "reduce",
  });
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

/**
 * axe-core injected into the page; prints every violation and returns the serious and critical ones.
 *
 * @example
 * expect(await axeSerious(page)).toEqual([]);
 */
export async function axeSerious(page: Page): Promise<string[]> {
  const require = createRequire(import.meta.url);
  await page.addScriptTag({ content: readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") });
  const violations = await page.evaluate(async () => {
    type Axe = {
      run: (
        c: unknown,
        o: unknown,
      ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
    };
    const r = await (window as unknown as { axe: Axe }).axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      where: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  for (const v of violations) console.log(`axe ${v.impact}: ${v.id} at ${v.where.join(", ")}`);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.where.join(", ")}`);
}

/**
 * Makes the page draw the same pixels on every machine: fonts the Chromium package installs (DejaVu),
 * no transitions, animations or blinking caret. The lab's own CSS reads its fonts from `--font` and
 * `--mono`, so overriding those two changes every text but the charts' canvas labels.
 *
 * @example
 * await steadyPage(page);
 */
export async function steadyPage(page: Page): Promise<void> {
  await page.addStyleTag({
    content: `:root { --font: "DejaVu Sans", sans-serif !important; --mono: "DejaVu Sans Mono", monospace !important; }
      *, *::before, *::after { transition: none !important; animation: none !important; caret-color: transparent !important; }
      .cm-cursorLayer { display: none !important; }`,
  });
  await page.evaluate(() => document.fonts.ready);
}
