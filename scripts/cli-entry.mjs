// Which heaplab command to run: the built JavaScript (apps/cli/dist/bin.js, starts in a fraction of a
// second) when it is newer than every source file it was built from, otherwise the TypeScript sources
// through tsx (correct, but seconds to start). `pnpm heaplab`, `pnpm demo` and the tests that spawn the
// command all decide here, so an edit without a rebuild never runs stale code.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const BUILT_BIN = join(ROOT, "apps/cli/dist/bin.js");

/** The newest modification time under `dir` (0 when it does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The source folders the command is built from, each with the file its build writes. */
function builds() {
  const packages = readdirSync(join(ROOT, "packages")).map((p) => [
    join(ROOT, "packages", p, "src"),
    join(ROOT, "packages", p, "dist/index.js"),
  ]);
  return [...packages, [join(ROOT, "apps/cli/src"), BUILT_BIN]].filter(([src]) => existsSync(src));
}

/** Whether every build output exists and is newer than its sources. */
export function builtIsFresh() {
  return builds().every(([src, out]) => existsSync(out) && statSync(out).mtimeMs >= newest(src));
}

/**
 * The `node` arguments that run the heaplab command (before its own arguments).
 * @example
 * spawnSync("node", [...cliNodeArgs(), "strategies"]);
 */
export function cliNodeArgs() {
  return builtIsFresh()
    ? [BUILT_BIN]
    : ["--conditions=@heaplab/source", "--import", "tsx", join(ROOT, "apps/cli/src/bin.ts")];
}
