import { HeaplabError } from "@heaplab/runtime";

/** One line of a traceback: where a frame was when the exception passed through it. */
export interface TracebackEntry {
  readonly filename: string;
  readonly line: number;
  readonly name: string;
}

/**
 * A Python exception in flight. `exc` is an owned handle to the exception instance on the heap; the
 * traceback grows as the exception leaves each frame (innermost first).
 *
 * @example
 * try { interp.call(f, []); } catch (e) { if (e instanceof PyException) interp.className(e.exc); }
 */
export class PyException extends Error {
  readonly traceback: TracebackEntry[] = [];
  constructor(public exc: number) {
    super("Python exception");
  }
}

/**
 * A construct the interpreter does not support, found before the program runs.
 *
 * @example
 * new UnsupportedSyntaxError("x.py", 3, 1, "'match' statement"); // x.py:3:1: 'match' statement is not supported
 */
export class UnsupportedSyntaxError extends HeaplabError {
  override name = "UnsupportedSyntaxError";
  constructor(
    readonly filename: string,
    readonly line: number,
    readonly column: number,
    readonly what: string,
  ) {
    super(`${filename}:${line}:${column}: ${what} is not supported`);
  }
}

/** Control flow out of `sys.exit()`: the program's exit status. */
export class SystemExitSignal extends Error {
  constructor(readonly code: number) {
    super("SystemExit");
  }
}
