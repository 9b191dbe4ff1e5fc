import type { Tree } from "@lezer/common";
import { parser } from "@lezer/python";

/** Where and why a program cannot be run: 1-based line and column. */
export interface PythonSyntaxProblem {
  line: number;
  column: number;
  message: string;
}

function position(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * Parses a module with `@lezer/python` (CodeMirror's Python grammar). Lezer recovers from errors by
 * inserting error nodes; the first one is the syntax error.
 *
 * @example
 * parseModule("x = (\n", "x.py"); // { problem: { line: 2, column: 1, message: "invalid syntax" } }
 */
export function parseModule(
  source: string,
  _filename: string,
): { tree: Tree } | { problem: PythonSyntaxProblem } {
  const tree = parser.parse(source);
  let bad = -1;
  tree.iterate({
    enter: (n) => {
      if (bad >= 0) return false;
      if (n.type.isError) {
        bad = n.from;
        return false;
      }
      return true;
    },
  });
  if (bad >= 0) return { problem: { ...position(source, bad), message: "invalid syntax" } };
  return { tree };
}

/**
 * The first syntax error of a program, or null: what the lab's editor underlines before a run.
 *
 * @example
 * checkPythonSyntax("def f(:\n"); // { line: 1, column: 7, message: "invalid syntax" }
 */
export function checkPythonSyntax(source: string, filename = "<stdin>"): PythonSyntaxProblem | null {
  const r = parseModule(source, filename);
  return "problem" in r ? r.problem : null;
}
