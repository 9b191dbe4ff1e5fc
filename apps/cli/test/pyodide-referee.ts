import { readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** ../shared/trace beside the repository (as in referee.ts, which this file does not import: it runs as a command). */
const REFEREE = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../shared/trace");

/**
 * The CPython 3.14 referee: `../shared/trace/cpython_replay.py` run inside Pyodide (CPython 3.14 compiled
 * to wasm32, the npm package `pyodide`), loaded from node_modules with no network. Pyodide 314.0.8 ships
 * CPython 3.14.2, whose cycle collector is the incremental one (3.14.0–3.14.4: `gc.get_threshold()` is
 * `(2000, 10, 0)`), so this referee is what `cpython-3.14` is compared with.
 *
 * Start-up (compiling the 10 MB wasm module and unpacking the standard library) takes seconds, so one
 * referee serves many traces. Each trace runs in a fresh module namespace of cpython_replay.py (its
 * classes, registers and logs are new), and the referee resets the collector's state itself
 * (`gc.unfreeze()`, the full collections before the first op).
 *
 * @example
 * const referee = await startPyodideReferee();
 * const [result] = referee.replay(["../shared/trace/examples/self-append.json"]);
 * console.log(referee.version, result.observations); // "3.14.2", [[1, 2], [4, 1]]
 */
export interface PyodideReferee {
  /** `sys.version`'s number, e.g. "3.14.2". */
  version: string;
  /** `gc.get_threshold()` at start-up: `[2000, 10, 0]` under the incremental collector. */
  threshold: [number, number, number];
  /** `struct.calcsize("P")`: 4 under wasm32. */
  pointerBytes: number;
  /** What start-up took, in milliseconds. */
  startupMs: number;
  /** The referee's result JSON text for each trace, exactly as `cpython_replay.py TRACE` prints it. */
  replayText(paths: string[]): string[];
  /** The same results, parsed. */
  replay(paths: string[]): Record<string, unknown>[];
  /**
   * How many of the interpreter's own old objects no root reaches, as the next trace will meet them:
   * the referee's start (full collections, a fresh replayer module), then one increment to mark from
   * the roots, and `DEBUG_STATS`' size of the pending space at the increment after. These objects are
   * held only from C (static caches, interned tables), so a mark leaves them for increments to scan;
   * `cpython-3.14` takes their number as `settings.unrootedBaseline`. An environment value, like
   * `baseline`, that the result does not carry.
   */
  unrootedBaseline(): number;
}

interface PyodideApi {
  runPython(code: string, options?: { globals?: unknown }): unknown;
  FS: { writeFile(path: string, data: string): void; mkdirTree(path: string): void };
  globals: { get(name: string): unknown };
}

/** Refuses any network fetch while Pyodide loads: everything it needs is in node_modules. */
function forbidNetwork(): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith("file:"))
      throw new Error(`the Pyodide referee runs offline; it tried to fetch ${url}`);
    return original(input, init);
  }) as typeof fetch;
  return () => {
    globalThis.fetch = original;
  };
}

/**
 * Loads Pyodide and cpython_replay.py once. The replayer's source goes into Pyodide's in-memory file
 * system as a module; each trace is written there too and run by the replayer's own `main`, with its
 * standard output captured, so the text is the one the native referee prints.
 */
export async function startPyodideReferee(): Promise<PyodideReferee> {
  const started = performance.now();
  const restore = forbidNetwork();
  let py: PyodideApi;
  try {
    const { loadPyodide } = (await import("pyodide")) as unknown as {
      loadPyodide(o: Record<string, unknown>): Promise<PyodideApi>;
    };
    py = await loadPyodide({ stdout: () => {}, stderr: () => {} });
  } finally {
    restore();
  }
  const startupMs = performance.now() - started;
  py.FS.mkdirTree("/referee/traces");
  py.FS.writeFile("/referee/cpython_replay.py", readFileSync(join(REFEREE, "cpython_replay.py"), "utf8"));
  // A fresh module object per trace: the replayer's module-level state (R, LOG, WTAG, the classes) is
  // new each time, as in a fresh process. `main` prints with `json.dump(..., indent=1)`.
  py.runPython(
    [
      "import sys, io, gc, struct, importlib.util",
      "sys.path.insert(0, '/referee')",
      "def heaplab_replay(path):",
      "    spec = importlib.util.spec_from_file_location('cpython_replay', '/referee/cpython_replay.py')",
      "    mod = importlib.util.module_from_spec(spec)",
      "    spec.loader.exec_module(mod)",
      "    out, err = io.StringIO(), io.StringIO()",
      "    saved = sys.stdout, sys.stderr",
      "    sys.stdout, sys.stderr = out, err",
      "    try:",
      "        code = mod.main(['cpython_replay.py', path])",
      "    finally:",
      "        sys.stdout, sys.stderr = saved",
      "    if code != 0:",
      "        raise RuntimeError(err.getvalue().strip() or 'the referee exited with %d' % code)",
      "    return out.getvalue()",
      "def heaplab_unrooted():",
      "    spec = importlib.util.spec_from_file_location('cpython_replay', '/referee/cpython_replay.py')",
      "    mod = importlib.util.module_from_spec(spec)",
      "    spec.loader.exec_module(mod)",
      "    mod.R.extend([None] * 8)",
      "    gc.disable()",
      "    for _ in range(4):",
      "        gc.collect()",
      "    err = io.StringIO()",
      "    saved = sys.stderr",
      "    sys.stderr = err",
      "    try:",
      "        gc.set_debug(gc.DEBUG_STATS)",
      "        gc.collect(1)",
      "        gc.collect(1)",
      "    finally:",
      "        gc.set_debug(0)",
      "        sys.stderr = saved",
      "    sizes = [l for l in err.getvalue().splitlines() if 'objects in each generation' in l][-1]",
      "    gc.collect()",
      "    return int(sizes.split()[-1])",
    ].join("\n"),
  );
  const facts = JSON.parse(
    py.runPython(
      "import json; json.dumps([sys.version.split()[0], list(gc.get_threshold()), struct.calcsize('P')])",
    ) as string,
  ) as [string, [number, number, number], number];
  const run = py.globals.get("heaplab_replay") as (path: string) => string;
  const unrooted = py.globals.get("heaplab_unrooted") as () => number;
  const replayText = (paths: string[]) =>
    paths.map((p, k) => {
      const inside = `/referee/traces/${k}-${basename(p)}`;
      py.FS.writeFile(inside, readFileSync(p, "utf8"));
      return run(inside);
    });
  return {
    version: facts[0],
    threshold: facts[1],
    pointerBytes: facts[2],
    startupMs,
    replayText,
    replay: (paths) => replayText(paths).map((t) => JSON.parse(t) as Record<string, unknown>),
    unrootedBaseline: () => unrooted(),
  };
}

/** `7 << 28` and `3 << 30`: the refcount `sys.getrefcount` shows for an immortal object, 32- and 64-bit. */
const IMMORTAL_32 = 1_879_048_192;
const IMMORTAL_64 = 3_221_225_472;

/**
 * The referee's result as 64-bit CPython 3.14 would print it. Pyodide is wasm32, and the one thing a
 * trace observes that depends on the pointer size is the refcount of an immortal object (`()`):
 * `_Py_IMMORTAL_INITIAL_REFCNT` is `7 << 28` there and `3 << 30` on 64-bit, and `refcount` reports it
 * minus the register's reference. No mortal object in a trace comes near 1.8 billion references, so
 * that value is read as the immortal one. Object sizes differ too (4-byte pointers) but no trace
 * observes a size; `baseline` (the interpreter's own objects, Pyodide's modules included) is an input
 * the replayer is given, not compared. Everything else — counts, collections, finalizer order, the
 * final graph — does not depend on the pointer size and is compared as it is.
 * @example
 * widenTo64Bit({ observations: [[3, 1879048191]] }).observations; // [[3, 3221225471]]
 */
export function widenTo64Bit<R extends { observations?: unknown }>(result: R): R {
  const obs = result.observations as [number, unknown][] | undefined;
  if (obs === undefined) return result;
  return {
    ...result,
    observations: obs.map(([i, v]) => [i, v === IMMORTAL_32 - 1 ? IMMORTAL_64 - 1 : v]),
  };
}

// As a command: `pnpm exec tsx apps/cli/test/pyodide-referee.ts TRACE.json…` prints what
// `python3.14 cpython_replay.py TRACE.json…` would (one result, or an array for several).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const paths = process.argv.slice(2);
  if (paths.length === 0) {
    process.stderr.write("usage: pyodide-referee.ts TRACE.json [TRACE.json ...]\n");
    process.exit(2);
  }
  const referee = await startPyodideReferee();
  process.stderr.write(
    `CPython ${referee.version} (Pyodide, ${referee.pointerBytes * 8}-bit), threshold ${referee.threshold}, started in ${(referee.startupMs / 1000).toFixed(1)} s\n`,
  );
  const texts = referee.replayText(paths);
  process.stdout.write(
    texts.length === 1
      ? texts[0]!
      : `${JSON.stringify(
          texts.map((t) => JSON.parse(t)),
          null,
          1,
        )}\n`,
  );
}
