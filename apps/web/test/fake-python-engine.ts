import type { Runtime } from "@heaplab/runtime";
import type { PythonRunOptions, PythonRunResult, PythonSyntaxProblem } from "../src/engine/python";

/**
 * A stand-in for `@heaplab/python` in the browser test only: it honours the contract the lab is built
 * against (`runPython` with `stdout` and `onLine`, `checkPythonSyntax`) for a five-statement subset —
 * `x = []`, `x.append(y)`, `del x`, `print("text")`, `print("text", gc.collect())` — so the test can
 * drive the Python path end to end (columns, source lines in the recording, the editor's playhead and
 * syntax errors) before the real interpreter is merged. It is not an interpreter.
 */
const ASSIGN_LIST = /^(\w+) = \[\]$/;
const APPEND = /^(\w+)\.append\((\w+)\)$/;
const DEL = /^del (\w+)$/;
const PRINT = /^print\("([^"]*)"(, gc\.collect\(\))?\)$/;

/** The first line that is none of the five statements (blank lines and comments aside), as CPython would word a syntax error. */
export function checkPythonSyntax(source: string): PythonSyntaxProblem | null {
  const lines = source.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const s = lines[i]!.trim();
    if (s === "" || s.startsWith("#")) continue;
    if (![ASSIGN_LIST, APPEND, DEL, PRINT].some((re) => re.test(s)))
      return { line: i + 1, column: 1, message: "invalid syntax" };
  }
  return null;
}

/** Runs the subset on `rt`: names are persistent handles, released by `del`. */
export function runPython(rt: Runtime, source: string, options: PythonRunOptions = {}): PythonRunResult {
  const names = new Map<string, number>();
  const lines = source.split("\n");
  const mark = rt.openScope();
  try {
    for (let i = 0; i < lines.length; i++) {
      const s = lines[i]!.trim();
      if (s === "" || s.startsWith("#")) continue;
      options.onLine?.(i + 1, options.filename ?? "<stdin>");
      const assign = ASSIGN_LIST.exec(s);
      const append = APPEND.exec(s);
      const del = DEL.exec(s);
      const print = PRINT.exec(s);
      if (assign) {
        const old = names.get(assign[1]!);
        // The new list's scoped handle ends with this statement, as a Python temporary does.
        const inner = rt.openScope();
        names.set(assign[1]!, rt.persistent(rt.newList()));
        rt.closeScope(inner);
        if (old !== undefined) rt.release(old);
      } else if (append) rt.append(names.get(append[1]!)!, names.get(append[2]!)!);
      else if (del) {
        rt.release(names.get(del[1]!)!);
        names.delete(del[1]!);
      } else if (print) {
        const n = print[2] ? ` ${rt.collect(rt.strategy.constraints.generations - 1)}` : "";
        options.stdout?.(`${print[1]}${n}\n`);
      }
    }
  } finally {
    rt.closeScope(mark);
    for (const h of names.values()) rt.release(h);
  }
  return { exitCode: 0 };
}
