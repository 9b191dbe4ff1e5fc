import { HeaplabError } from "@heaplab/runtime";

/**
 * What one failure prints and the status it exits with. The CLI never shows a JavaScript stack unless
 * asked (`HEAPLAB_DEBUG=1`): a heaplab error is its message on one line, anything else an internal
 * error with the hint to rerun for the stack.
 */

/** Errors about the command line or a strategy's configuration (exit status 2), by name. */
const USAGE_ERRORS = new Set(["UsageError", "ConfigError", "TraceError", "CACError"]);

/** Error names that are heaplab's own, not Python's: the message is printed without them. */
const OWN_NAMES = new Set(["HeaplabError", "OutputFileError", ...USAGE_ERRORS]);

/**
 * A failure while working on one input (a trace file): it prints as `FILE: <the cause's line>` and exits
 * with the cause's status.
 *
 * @example
 * throw new FailureIn("t.json", new TraceError("op 3: bad register", 3));
 */
export class FailureIn extends Error {
  override name = "FailureIn";
  constructor(
    readonly input: string,
    override readonly cause: unknown,
  ) {
    super(`${input}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Control characters (a hostile trace's bytes, a stray newline) as visible escapes, on one line. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === "\n" ? " " : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
}

/**
 * A recorded error text (`Name: message`) without a doubled name: `MemoryError: MemoryError: …` and
 * `IndexError: KeyError: …` (a message that already names the Python exception) keep the inner name.
 *
 * @example
 * withoutDoubledName("IndexError: KeyError: 'x'"); // "KeyError: 'x'"
 */
export function withoutDoubledName(text: string): string {
  return oneLine(text).replace(/^[A-Z][A-Za-z]*: (?=[A-Z][A-Za-z]*(Error|Exception|Warning): )/, "");
}

/**
 * The one line a failure prints, after `heaplab: `: a Python exception as Python names it
 * (`MemoryError: …`, once, even when the message already starts with a name such as `KeyError: …`),
 * heaplab's own errors as their message alone.
 *
 * @example
 * errorLine(new MemoryError("MemoryError: heap full", 8, 0, 0)); // "MemoryError: heap full"
 * errorLine(new PyIndexError("KeyError: 'x'")); // "KeyError: 'x'"
 */
export function errorLine(e: unknown): string {
  if (e instanceof FailureIn) return `${oneLine(e.input)}: ${errorLine(e.cause)}`;
  if (!(e instanceof Error)) return oneLine(String(e));
  const message = oneLine(e.message);
  if (/^[A-Z][A-Za-z]*(Error|Exception|Warning): /.test(message) || OWN_NAMES.has(e.name)) return message;
  return `${e.name}: ${message}`;
}

/**
 * The exit status of a failure: 2 for a command line or configuration that cannot run (and a trace
 * that is not valid), 1 for a heaplab error while running (a `MemoryError`, a Python exception),
 * 70 (`EX_SOFTWARE`) for an internal error.
 *
 * @example
 * exitStatus(new UsageError("--seed takes a whole number")); // 2
 */
export function exitStatus(e: unknown): number {
  if (e instanceof FailureIn) return exitStatus(e.cause);
  if (e instanceof Error && USAGE_ERRORS.has(e.name)) return 2;
  return e instanceof HeaplabError ? 1 : 70;
}

/**
 * Reports a failure on standard error as one line (the stack too with `HEAPLAB_DEBUG=1`) and returns the
 * exit status.
 *
 * @example
 * process.exitCode = reportFailure(e);
 */
export function reportFailure(
  e: unknown,
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  const status = exitStatus(e);
  const debug = env.HEAPLAB_DEBUG !== undefined && env.HEAPLAB_DEBUG !== "" && env.HEAPLAB_DEBUG !== "0";
  if (status === 70)
    console.error(
      `heaplab: internal error: ${errorLine(e)}${debug ? "" : " (rerun with HEAPLAB_DEBUG=1 for the stack)"}`,
    );
  else console.error(`heaplab: ${errorLine(e)}`);
  const origin = e instanceof FailureIn ? e.cause : e;
  if (debug && origin instanceof Error && origin.stack !== undefined) console.error(origin.stack);
  return status;
}
