import type { Runtime } from "@heaplab/runtime";

/**
 * The one place the lab meets the Python interpreter (`@heaplab/python`). Everything else in the app
 * goes through `pythonEngine`, so wiring the real package is a change to this file only:
 *
 * ```ts
 * import { checkPythonSyntax, runPython } from "@heaplab/python";
 * export const pythonEngine: PythonEngine | null = { runPython, checkPythonSyntax };
 * ```
 *
 * and `"@heaplab/python": "workspace:*"` in apps/web/package.json. Until then the lab runs the built-in
 * workloads, and a Python program is refused with `PYTHON_MISSING`, in place, in each column.
 */

/** `@heaplab/python`'s run options (the package's contract, restated here until it is merged). */
export interface PythonRunOptions {
  filename?: string;
  argv?: readonly string[];
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Called when execution reaches a new source line (1-based). */
  onLine?: (line: number) => void;
}

/** `@heaplab/python`'s run result. */
export interface PythonRunResult {
  exitCode: number;
}

/** A syntax error: where, and CPython's message. */
export interface PythonSyntaxProblem {
  line: number;
  column: number;
  message: string;
}

/** The two functions the lab uses from `@heaplab/python`. */
export interface PythonEngine {
  runPython(rt: Runtime, source: string, options?: PythonRunOptions): PythonRunResult;
  checkPythonSyntax(source: string, filename?: string): PythonSyntaxProblem | null;
}

/**
 * What a column says when there is no interpreter in this build.
 *
 * @example
 * if (pythonEngine === null) column.message = PYTHON_MISSING;
 */
export const PYTHON_MISSING =
  "The Python engine is not installed in this build (@heaplab/python); run a built-in workload instead.";

/**
 * The interpreter, or null while `@heaplab/python` is not part of the build.
 *
 * @example
 * if (pythonEngine === null) show(PYTHON_MISSING);
 * else pythonEngine.runPython(rt, source, { stdout: print });
 */
export const pythonEngine: PythonEngine | null = null;
