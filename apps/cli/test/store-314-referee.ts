import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startPyodideReferee } from "./pyodide-referee";

/**
 * Records the CPython 3.14 referee's results for the shared traces, so the exactness test of
 * `cpython-3.14` runs without starting Pyodide: `pnpm exec tsx apps/cli/test/store-314-referee.ts`
 * (about a minute). Writes `fixtures/referee-3.14/examples/` and `fixtures/referee-3.14/more/` (one compact result per
 * trace, big ints exact: Python re-serialises them) and `fixtures/referee-3.14/environment.json` (the Pyodide
 * and CPython versions, the unrooted baseline measured before each trace, the traces Pyodide could not
 * run). A trace that overflows Pyodide's stack (the 100,000-deep chains) kills the interpreter; it is
 * listed and a fresh one takes over.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const SHARED = resolve(HERE, "../../../../shared/trace");
const OUT = join(HERE, "fixtures", "referee-3.14");

/** Python's own compact serialisation keeps ints past 2^53 exact, as the referee printed them. */
function compact(text: string): string {
  return execFileSync(
    "python3",
    ["-c", "import json,sys; print(json.dumps(json.load(sys.stdin), separators=(',', ':')))"],
    {
      input: text,
      maxBuffer: 64 << 20,
    },
  ).toString();
}

let referee = await startPyodideReferee();
const environment = {
  pyodide: "314.0.8",
  python: referee.version,
  pointerBytes: referee.pointerBytes,
  threshold: referee.threshold,
  unrootedBaseline: {} as Record<string, number>,
  crashed: [] as string[],
};
for (const dir of ["examples", "more"]) {
  mkdirSync(join(OUT, dir), { recursive: true });
  for (const f of readdirSync(join(SHARED, dir))
    .filter((n) => n.endsWith(".json"))
    .sort()) {
    try {
      const unrooted = referee.unrootedBaseline();
      const [text] = referee.replayText([join(SHARED, dir, f)]);
      writeFileSync(join(OUT, dir, f), compact(text!));
      environment.unrootedBaseline[`${dir}/${f}`] = unrooted;
    } catch (e) {
      environment.crashed.push(`${dir}/${basename(f)}: ${String(e).split("\n")[0]}`);
      referee = await startPyodideReferee();
    }
  }
}
writeFileSync(join(OUT, "environment.json"), `${JSON.stringify(environment, null, 1)}\n`);
process.stdout.write(`stored; ${environment.crashed.length} traces Pyodide could not run\n`);
