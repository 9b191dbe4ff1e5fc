import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cpythonStrategy } from "@heaplab/generational";
import { runPython } from "@heaplab/python";
import { refcountStrategy } from "@heaplab/refcount";
import { noneStrategy, Runtime, StrategyCatalog } from "@heaplab/runtime";
import { tracingStrategies } from "@heaplab/tracing";

/** Every strategy, as the CLI's catalog lists them. */
export const catalog = new StrategyCatalog([
  noneStrategy,
  cpythonStrategy,
  refcountStrategy,
  ...tracingStrategies,
]);

const here = dirname(fileURLToPath(import.meta.url));
/** The shared Python programs and CPython 3.11.7's output (outside the repository; absent in some checkouts). */
export const sharedDir = join(here, "../../../../shared/python");
export const haveShared = existsSync(join(sharedDir, "programs"));

/** Names of the shared programs, without `.py`. */
export function sharedPrograms(): string[] {
  if (!haveShared) return [];
  return readdirSync(join(sharedDir, "programs"))
    .filter((f) => f.endsWith(".py"))
    .map((f) => f.slice(0, -3))
    .sort();
}

export function programSource(name: string): string {
  return readFileSync(join(sharedDir, "programs", `${name}.py`), "utf8");
}

export function expectedOutput(name: string): string {
  return readFileSync(join(sharedDir, "expected", `${name}.out`), "utf8");
}

/** Runs a program under a strategy; returns its output, errors, exit status and the runtime. */
export function run(
  source: string,
  strategy = "cpython-3.11",
  filename = "test.py",
  argv: string[] = [],
  heapLimit = 256 * 1024 * 1024,
) {
  const rt = new Runtime(catalog.get(strategy).create({ heapLimit }), { heapLimit });
  let stdout = "";
  let stderr = "";
  const { exitCode } = runPython(rt, source, {
    filename,
    argv,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { stdout, stderr, exitCode, rt };
}

/** Line numbers (1-based) where two outputs differ. */
export function differingLines(expected: string, got: string): number[] {
  const a = expected.split("\n");
  const b = got.split("\n");
  const out: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push(i + 1);
  return out;
}
