/**
 * tracemalloc's `Frame`: where an allocation happened. From a site label `"leak_cache.py:12 add"` the
 * filename is `leak_cache.py`, the line 12 and the name `add`; from a JS stack, the source file and line.
 * @example
 * const f: Frame = { filename: "leak.py", lineno: 5, name: "<module>" };
 * formatFrame(f); // "leak.py:5"
 */
export interface Frame {
  readonly filename: string;
  readonly lineno: number;
  /** The function or label text after the location, if any (not part of the key, as in Python). */
  readonly name: string;
}

/**
 * tracemalloc's `Traceback`: the frames of one allocation, most recent first (index 0 is where the
 * object was made).
 * @example
 * console.log(formatTraceback(stat.traceback)); // innermost frame last, as Python prints it
 */
export type Traceback = readonly Frame[];

/**
 * Python's `str(frame)`: `filename:lineno`.
 * @example
 * formatFrame({ filename: "leak.py", lineno: 7, name: "" }); // "leak.py:7"
 */
export function formatFrame(f: Frame): string {
  return `${f.filename}:${f.lineno}`;
}

/**
 * Python's `str(traceback)`: its most recent frame.
 * @example
 * formatTraceback([{ filename: "leak.py", lineno: 5, name: "leak" }]); // "leak.py:5"
 */
export function formatTraceback(tb: Traceback): string {
  return tb.length === 0 ? "<unknown>:0" : formatFrame(tb[0]!);
}

/**
 * A stable text key for a whole traceback (frames joined by NUL).
 * @example
 * tracebackKey(stat.traceback);
 */
export function tracebackKey(tb: Traceback): string {
  return tb.map(formatFrame).join("\u0000");
}

/**
 * Parses a site label: `"file.py:12 name"`, `"file.py:12"`, or any text (then the whole text is the
 * filename and the line is 0).
 * @example
 * parseSiteLabel("leak_cache.py:12 add"); // { filename: "leak_cache.py", lineno: 12, name: "add" }
 */
export function parseSiteLabel(label: string): Frame {
  const m = /^(.*?):(\d+)(?:\s+(.*))?$/.exec(label.trim());
  if (m === null) return { filename: label, lineno: 0, name: "" };
  return { filename: m[1]!, lineno: Number(m[2]), name: m[3] ?? "" };
}

/** Frames from these places are the runtime or the tracer itself, not the program. */
const INTERNAL = [
  "/packages/runtime/",
  "/packages/inspect/src/",
  "node:internal",
  "/node_modules/",
  "heaplab-runtime",
];

/**
 * The program's JS call stack right now, most recent first, without the runtime's and the tracer's own
 * frames, at most `nframes` of them.
 * @example
 * captureStack(1); // [{ filename: "src/program.ts", lineno: 12, name: "leak" }]
 */
export function captureStack(nframes: number): Frame[] {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = nframes + 24;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  const out: Frame[] = [];
  for (const line of stack.split("\n").slice(1)) {
    const m = /^\s*at (?:(.*?) \()?(.*?):(\d+):\d+\)?$/.exec(line);
    if (m === null) continue;
    const file = m[2]!.replace(/^file:\/\//, "");
    if (INTERNAL.some((p) => file.includes(p))) continue;
    out.push({ filename: relative(file), lineno: Number(m[3]), name: m[1] ?? "" });
    if (out.length >= nframes) break;
  }
  return out;
}

function relative(file: string): string {
  const cwd = `${process.cwd()}/`;
  return file.startsWith(cwd) ? file.slice(cwd.length) : file;
}
