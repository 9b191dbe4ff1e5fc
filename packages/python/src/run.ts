import type { Handle, Runtime } from "@heaplab/runtime";
import { HeaplabError } from "@heaplab/runtime";
import { installBuiltins } from "./builtins/install";
import { Compiler } from "./compile/compiler";
import { PyException, SystemExitSignal, UnsupportedSyntaxError } from "./errors";
import { type CodeInfo, Flow, type Frame } from "./interp/frame";
import { Interp } from "./interp/interp";
import { LineProfiler } from "./interp/line-profiler";
import { moduleFactory } from "./modules/modules";
import { parseModule } from "./syntax";
import { Tracer } from "./tracer";

/** Options of `runPython`. */
export interface PythonRunOptions {
  /** Shown in tracebacks; default "<stdin>". */
  filename?: string;
  /** `sys.argv[1:]`. */
  argv?: readonly string[];
  /** Each write to standard output, as Python writes it. */
  stdout?: (text: string) => void;
  /** Each write to standard error. */
  stderr?: (text: string) => void;
  /**
   * Called when execution moves to a new source line (1-based), with the file the line is in (the
   * program's `filename`, or `<collections>` for a line of a module written in Python): at each
   * statement, and when a call or a generator's step returns to the line that made it.
   */
  onLine?: (line: number, filename: string) => void;
  /**
   * Called once when the program has ended (after an uncaught exception's traceback), before shutdown
   * clears the module's globals: the heap as the program left it. `globals` is `__main__`'s dict; the
   * hook may walk the heap and collect, and must release nothing it did not take.
   * @example
   * runPython(rt, src, { beforeShutdown: (globals) => { report = summarize(rt); } });
   */
  beforeShutdown?: (globals: Handle) => void;
  /** memory_profiler: functions decorated with `@profile` print their line-by-line report after each call. */
  profile?: boolean;
}

/** What a run ends with: Python's exit status (0, 1 for an uncaught exception, 2 for refused syntax). */
export interface PythonRunResult {
  exitCode: number;
}

/**
 * Runs a Python program on a heaplab runtime: parses it with `@lezer/python`, refuses what the
 * interpreter does not support (exit 2, `FILE:LINE:COL: <what> is not supported`), compiles it once to
 * closures and runs it with every value on `rt`'s heap. An uncaught exception prints CPython's
 * traceback on stderr and exits 1. At the end the module's globals are released as CPython's shutdown
 * does, so `__del__` of what is still alive runs.
 *
 * @example
 * const rt = new Runtime(cpythonStrategy.create({}), {});
 * runPython(rt, "print(1 + 1)\n", { stdout: (t) => out.push(t) }); // { exitCode: 0 }, out = ["2\n"]
 */
export function runPython(rt: Runtime, source: string, options: PythonRunOptions = {}): PythonRunResult {
  const filename = options.filename ?? "<stdin>";
  const stdout = options.stdout ?? (() => {});
  const stderr = options.stderr ?? (() => {});
  const parsed = parseModule(source, filename);
  if ("problem" in parsed) {
    stderr(`${filename}:${parsed.problem.line}:${parsed.problem.column}: ${parsed.problem.message}\n`);
    return { exitCode: 2 };
  }
  const mark = rt.openScope();
  const ip = new Interp(rt, stdout, stderr);
  const tracer = new Tracer(rt);
  const compilers: Compiler[] = [];
  const runSource = (src: string, name: string, globals: number) => {
    const p = parseModule(src, name);
    if ("problem" in p) throw new HeaplabError(`internal module ${name}: ${p.problem.message}`);
    const c = new Compiler(ip, src, `<${name}>`, p.tree.topNode);
    compilers.push(c);
    execModule(ip, c.compileModule(), globals);
  };
  let exitCode = 0;
  let globals = 0;
  try {
    installBuiltins(ip);
    if (options.profile === true) ip.profiler = new LineProfiler(() => rt.stats().usedBytes);
    ip.moduleFactory = moduleFactory(ip, {
      argv: options.argv ?? [],
      filename,
      sourceLines: source.split("\n"),
      runSource,
      tracer,
    });
    let compiler: Compiler;
    let code: CodeInfo;
    try {
      compiler = new Compiler(ip, source, filename, parsed.tree.topNode);
      code = compiler.compileModule();
    } catch (e) {
      if (e instanceof UnsupportedSyntaxError) {
        stderr(`${e.message}\n`);
        return { exitCode: 2 };
      }
      throw e;
    }
    compilers.push(compiler);
    globals = ip.newDict();
    for (const [k, v] of [
      ["__name__", "__main__"],
      ["__file__", filename],
    ] as const) {
      const kh = ip.intern(k);
      const vh = ip.newStr(v);
      rt.dictSet(globals, kh, vh);
      ip.rel(kh);
      ip.rel(vh);
    }
    ip.onLine = options.onLine ?? null;
    try {
      execModule(ip, code, globals);
    } catch (e) {
      exitCode = report(ip, e, source, filename);
    }
    ip.onLine = null;
    options.beforeShutdown?.(globals);
    shutdown(ip, globals, compilers);
    globals = 0;
  } catch (e) {
    if (e instanceof SystemExitSignal) exitCode = e.code;
    else if (e instanceof PyException || e instanceof HeaplabError)
      exitCode = report(ip, e, source, filename);
    else throw e;
  } finally {
    tracer.stop();
    rt.closeScope(mark);
  }
  return { exitCode };
}

function execModule(ip: Interp, code: CodeInfo, globals: number): void {
  const frame: Frame = { code, locals: [], globals, ns: globals, fn: 0, line: 1, ret: 0, back: null };
  const saved = ip.frame;
  ip.frame = frame;
  ip.depth++; // the module's frame counts toward the recursion limit, as in CPython
  try {
    const r = code.body(frame);
    if (r === Flow.Return) ip.rel(frame.ret);
  } catch (e) {
    const pe = ip.toPy(e);
    pe.traceback.push({ filename: code.filename, line: frame.line, name: "<module>" });
    throw pe;
  } finally {
    ip.depth--;
    ip.frame = saved;
  }
}

/** Prints an uncaught exception as CPython does and returns the exit status. */
function report(ip: Interp, e: unknown, source: string, filename: string): number {
  if (e instanceof SystemExitSignal) return e.code;
  let pe: PyException;
  try {
    pe = ip.toPy(e);
  } catch (inner) {
    if (inner instanceof SystemExitSignal) return inner.code;
    throw inner;
  }
  const lines = source.split("\n");
  let text = "Traceback (most recent call last):\n";
  // As CPython's traceback printer: after three identical entries, one line counts the rest.
  let last = "";
  let repeats = 0;
  const flushRepeats = () => {
    if (repeats > 3)
      text += `  [Previous line repeated ${repeats - 3} more time${repeats - 3 === 1 ? "" : "s"}]\n`;
  };
  for (const t of [...pe.traceback].reverse()) {
    let entry = `  File "${t.filename}", line ${t.line}, in ${t.name}\n`;
    if (t.filename === filename) {
      const src = lines[t.line - 1]?.trim();
      if (src) entry += `    ${src}\n`;
    }
    if (entry === last) {
      repeats++;
      if (repeats > 3) continue;
    } else {
      flushRepeats();
      last = entry;
      repeats = 1;
    }
    text += entry;
  }
  flushRepeats();
  const name = ip.classOf(pe.exc).name;
  const msg = ip.str(pe.exc);
  ip.print(`${text}${name}${msg === "" ? "" : `: ${msg}`}\n`, true);
  ip.rel(pe.exc);
  return 1;
}

/**
 * Interpreter shutdown, after CPython 3.11's `Py_FinalizeEx` for `__main__`: a full collection first
 * (garbage cycles left by the program are finalized while the module is intact), then the module's
 * globals are set to None in insertion order (so what they alone hold dies, `__del__` in that order),
 * then a last collection for cycles the globals kept. (CPython collects the module's whole graph at
 * once when functions or classes tie it into a cycle; heaplab's classes are immortal, so a cycle held
 * only by globals is finalized after the non-cyclic objects rather than in the collector's list order.)
 * Strategies without reference counts finalize nothing at exit, as the JVM and the CLR do not.
 */
function shutdown(ip: Interp, globals: number, compilers: Compiler[]): void {
  const rt = ip.rt;
  const gc = rt.strategy.refcount !== undefined ? rt.strategy.gc : undefined;
  gc?.collect(2);
  if (rt.strategy.refcount !== undefined) {
    for (const [k] of ip.dictEntries(globals)) {
      const kh = ip.own(k);
      if (!ip.strOf(kh).startsWith("__")) rt.dictSet(globals, kh, 0);
      ip.rel(kh);
    }
  }
  ip.rel(globals);
  for (const c of compilers) for (const h of c.arena.splice(0)) ip.rel(h);
  gc?.collect(2);
}
