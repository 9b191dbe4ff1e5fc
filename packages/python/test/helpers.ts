import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cpythonStrategies } from "@heaplab/generational";
import { runPython } from "@heaplab/python";
import { refcountStrategy } from "@heaplab/refcount";
import { noneStrategy, Runtime, StrategyCatalog } from "@heaplab/runtime";
import { tracingStrategies } from "@heaplab/tracing";
import { expect } from "vitest";

/** Every strategy, as the CLI's catalog lists them. */
export const catalog = new StrategyCatalog([
  noneStrategy,
  ...cpythonStrategies,
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

/**
 * What CPython `version` (3.12.1, 3.13.0) printed for a shared program, stored beside these tests
 * (`expected-3.12/`, written by running each program with that version's python3 under pyenv).
 */
export function expectedOutputOf(version: string, name: string): string {
  return readFileSync(join(here, `expected-${version}`, `${name}.out`), "utf8");
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

/** Whether `python3` (CPython 3.11, the referee of the tests against python3) can be run here. */
export const havePython = spawnSync("python3", ["--version"]).status === 0;

/**
 * A checker that runs a program under `cpython-3.11` and with `python3` (from a file in a new scratch
 * folder, so tracebacks name the same file) and expects the same stdout and stderr and a consistent heap.
 */
export function sameAsPython(prefix: string): (src: string, label?: string) => void {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  return (src, label) => {
    const file = join(dir, `p${n++}.py`);
    writeFileSync(file, src);
    const py = spawnSync("python3", [file], { encoding: "utf8" });
    const hl = run(src, "cpython-3.11", file);
    expect(hl.stderr, label).toBe(py.stderr);
    expect(hl.stdout, label).toBe(py.stdout);
    hl.rt.verify();
  };
}
