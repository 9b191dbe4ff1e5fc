import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";

/**
 * Per-pixel colour distance pixelmatch tolerates (0..1, YIQ): anti-aliasing noise passes, a changed
 * colour or text does not.
 */
export const PIXEL_THRESHOLD = 0.12;

/**
 * Share of pixels that may differ before a screen counts as changed. The lab draws the same pixels
 * run after run on one machine (0 differ, measured), so the margin is for anti-aliasing only: about 500
 * pixels of a 1280 × 2000 page. A table 40 px wider than its card changes 0.08% of the page (measured),
 * a moved panel or a wrapped line far more.
 */
export const MAX_DIFF_RATIO = 0.0002;

/** What comparing one screenshot with its baseline found. */
export interface ScreenDiff {
  name: string;
  /** "same" within the tolerance, "changed", "new" (no baseline yet) or "resized". */
  verdict: "same" | "changed" | "new" | "resized";
  diffPixels: number;
  ratio: number;
  message: string;
}

/**
 * Compares a screenshot with the committed baseline `baselines/NAME.png`. A missing baseline is
 * written and reported as "new" (the test fails on it, so a baseline is always reviewed and
 * committed on purpose); with `update` every baseline is rewritten. On a difference the actual image
 * and a diff image (changed pixels in red) go to `outDir` for a reader to look at.
 *
 * @example
 * const d = compareScreen(png, "inspect-1280x800", baselineDir, outDir, false);
 * // a deliberately broken page against the same baseline (the comparison must see it):
 * compareScreen(broken, "inspect-broken", baselineDir, outDir, false, "inspect-1280x800").verdict; // "changed"
 * expect(d.verdict).toBe("same");
 */
export function compareScreen(
  png: Buffer,
  name: string,
  baselineDir: string,
  outDir: string,
  update: boolean,
  baselineName = name,
): ScreenDiff {
  const baselinePath = join(baselineDir, `${baselineName}.png`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${name}.actual.png`), png);
  if (update || !existsSync(baselinePath)) {
    mkdirSync(dirname(baselinePath), { recursive: true });
    writeFileSync(baselinePath, png);
    return {
      name,
      verdict: update ? "same" : "new",
      diffPixels: 0,
      ratio: 0,
      message: `${name}: baseline ${update ? "rewritten" : "written (none existed): review and commit it"} at ${baselinePath}`,
    };
  }
  const actual = PNG.sync.read(png);
  const expected = PNG.sync.read(readFileSync(baselinePath));
  if (actual.width !== expected.width || actual.height !== expected.height)
    return {
      name,
      verdict: "resized",
      diffPixels: -1,
      ratio: 1,
      message: `${name}: ${actual.width}×${actual.height} where the baseline is ${expected.width}×${expected.height} (the page's layout changed height or width)`,
    };
  const diff = new PNG({ width: actual.width, height: actual.height });
  const diffPixels = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, {
    threshold: PIXEL_THRESHOLD,
  });
  const ratio = diffPixels / (actual.width * actual.height);
  const same = ratio <= MAX_DIFF_RATIO;
  if (!same) writeFileSync(join(outDir, `${name}.diff.png`), PNG.sync.write(diff));
  return {
    name,
    verdict: same ? "same" : "changed",
    diffPixels,
    ratio,
    message: `${name}: ${diffPixels.toLocaleString("en-US")} pixels differ (${(100 * ratio).toFixed(3)}%, at most ${(100 * MAX_DIFF_RATIO).toFixed(2)}% allowed)${same ? "" : `; see ${join(outDir, `${name}.diff.png`)}`}`,
  };
}
