/**
 * @heaplab/python — a Python 3.11 interpreter on the heaplab runtime: parsed with `@lezer/python`,
 * compiled once to closures, every value a heaplab object under the chosen strategy.
 *
 * @example
 * import { runPython } from "@heaplab/python";
 * runPython(rt, "import sys\na = []\nprint(sys.getrefcount(a))\n", { stdout: (t) => process.stdout.write(t) }); // 2
 */
export { PyException, SystemExitSignal, UnsupportedSyntaxError } from "./errors";
export { type PythonRunOptions, type PythonRunResult, runPython } from "./run";
export { checkPythonSyntax, type PythonSyntaxProblem } from "./syntax";
