// `pnpm heaplab …` and `pnpm demo`: runs the built command when it is fresh (in this process), else the
// sources through tsx in a child process, with a hint on a terminal to run `pnpm build`.
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { BUILT_BIN, builtIsFresh, cliNodeArgs } from "./cli-entry.mjs";

if (builtIsFresh()) {
  await import(pathToFileURL(BUILT_BIN).href);
} else {
  if (process.stderr.isTTY)
    process.stderr.write(
      "heaplab: the build is missing or older than the sources; running them directly (slower to start; `pnpm build` makes it fast)\n",
    );
  const r = spawnSync(process.execPath, [...cliNodeArgs(), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exitCode = r.status ?? 1;
}
