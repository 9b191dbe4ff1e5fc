import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cliNodeArgs, ROOT } from "../../../scripts/cli-entry.mjs";

/**
 * Runs the heaplab command as a user does, in a child process: the built JavaScript when it is fresh
 * (CI builds before testing), the TypeScript sources otherwise. Colour is left to the command (the
 * output is a pipe); `env` adds variables.
 *
 * @example
 * const r = heaplab(["strategies"]); // r.status, r.stdout, r.stderr
 */
export function heaplab(args: readonly string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const { FORCE_COLOR: _f, NO_COLOR: _n, HEAPLAB_DEBUG: _d, ...inherited } = process.env;
  return spawnSync(process.execPath, [...cliNodeArgs(), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...inherited, ...env },
  });
}

export { ROOT };
