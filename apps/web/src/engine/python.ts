import {
  checkPythonSyntax,
  type PythonRunOptions,
  type PythonRunResult,
  type PythonSyntaxProblem,
  runPython,
} from "@heaplab/python";
import type { Runtime } from "@heaplab/runtime";

/**
 * The one place the lab meets the Python interpreter (`@heaplab/python`). Everything else in the app
 * goes through `pythonEngine`, so a build without the interpreter (or a test with a stand-in) changes
 * this file only; without one, a Python program is refused with `PYTHON_MISSING`, in place.
 */

export type { PythonRunOptions, PythonRunResult, PythonSyntaxProblem };

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
 * The interpreter: `@heaplab/python`, compiled into the lab's Workers.
 *
 * @example
 * if (pythonEngine === null) show(PYTHON_MISSING);
 * else pythonEngine.runPython(rt, source, { stdout: print });
 */
export const pythonEngine: PythonEngine | null = { runPython, checkPythonSyntax };
