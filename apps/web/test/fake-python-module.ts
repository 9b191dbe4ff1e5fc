import type { PythonEngine } from "../src/engine/python";
import { checkPythonSyntax, runPython } from "./fake-python-engine";

// What src/engine/python.ts becomes once @heaplab/python is wired, with the stand-in engine.
export { PYTHON_MISSING } from "../src/engine/python";
export const pythonEngine: PythonEngine | null = { runPython, checkPythonSyntax };
