import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_TRACE_LIMITS, formatResults, readJson, type TraceResult } from "@heaplab/trace";

/**
 * The CPython referee in ../shared/trace (beside the repository): the trace generator, the replayer that
 * runs traces on the real python3 (3.11.7 on these machines), and the comparer.
 */
export const REFEREE = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../shared/trace");
export const EXAMPLES = join(REFEREE, "examples");
/** The harder traces the generator never writes (100k-long chains, freeze/unfreeze, big ints, …). */
export const MORE = join(REFEREE, "more");

/**
 * The shared traces in `dir` (the examples by default): [name, trace path, expected result]. Expected
 * results are read with the trace reader, so an int past 2^53 stays exact.
 */
export function sharedExamples(
  dir: string = EXAMPLES,
): { name: string; path: string; expected: Record<string, unknown> }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({
      name: f,
      path: join(dir, f),
      expected: readJson(readFileSync(join(dir, "expected", f), "utf8"), DEFAULT_TRACE_LIMITS) as Record<
        string,
        unknown
      >,
    }));
}

/** One generated trace. */
export interface GeneratedTrace {
  path: string;
  args: string;
}

/**
 * Generates traces with gen_trace.py (one python process for all of them) into a fresh folder.
 * `specs` are gen_trace argument strings, e.g. "--seed 7 --mix cycles --auto --threshold 25,3,3".
 */
export function generateTraces(specs: string[]): GeneratedTrace[] {
  const dir = mkdtempSync(join(tmpdir(), "heaplab-traces-"));
  const script = [
    "import sys, json, shlex",
    `sys.path.insert(0, ${JSON.stringify(REFEREE)})`,
    "import gen_trace",
    "specs = json.load(sys.stdin)",
    "for i, spec in enumerate(specs):",
    "    sys.argv = ['gen_trace.py'] + shlex.split(spec)",
    `    out = open(${JSON.stringify(dir)} + '/t%04d.json' % i, 'w')`,
    "    sys.stdout = out",
    "    gen_trace.main()",
    "    out.close()",
  ].join("\n");
  execFileSync("python3", ["-c", script], { input: JSON.stringify(specs) });
  return specs.map((args, i) => ({ path: join(dir, `t${String(i).padStart(4, "0")}.json`), args }));
}

/**
 * CPython's results for the given traces, each from a fresh process of `python` (python3, 3.11.7 here,
 * by default). One process per trace matters: CPython 3.11 quickens a function on its 8th call and
 * 3.12+ specialise each call site on its second execution, so the referee's finalizer, callback and
 * loop behave differently once earlier traces in the same process have warmed them up (the shared
 * examples' expected results were recorded one trace per process).
 */
export function refereeResults(paths: string[], python = "python3"): Record<string, unknown>[] {
  return paths.map((p) => {
    const out = execFileSync(python, [join(REFEREE, "cpython_replay.py"), p], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(out.toString()) as Record<string, unknown>;
  });
}

/** A CPython version the referee runs under, and where its interpreter is on this machine. */
export interface VersionReferee {
  /** `major.minor`: `3.12`. */
  readonly version: string;
  /** The release the stored results come from (pyenv's version name): `3.12.1`. */
  readonly release: string;
  /** The interpreter, or null when this machine has none of that version. */
  readonly python: string | null;
  /** Where it was looked for, for the message when it is missing. */
  readonly searched: string;
}

/** `python -c` printing `major.minor.micro`, or null when it does not run. */
function pythonRelease(python: string): string | null {
  try {
    return execFileSync(python, ["-c", "import platform; print(platform.python_version())"], {
      stdio: ["ignore", "pipe", "ignore"],
    })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

/**
 * Finds CPython `release` (e.g. 3.12.1) on this machine, first match of major.minor wins:
 * `HEAPLAB_PYTHON_3_12` (a path), `pyenv prefix 3.12.1`, `$PYENV_ROOT/versions/3.12.1` (default
 * ~/.pyenv), then `python3.12` on the PATH. These machines install 3.12.1 and 3.13.0 under pyenv, not
 * on the PATH.
 */
export function findReferee(release: string): VersionReferee {
  const version = release.split(".").slice(0, 2).join(".");
  const envName = `HEAPLAB_PYTHON_${version.replace(".", "_")}`;
  const candidates: string[] = [];
  const fromEnv = process.env[envName];
  if (fromEnv) candidates.push(fromEnv);
  try {
    const prefix = execFileSync("pyenv", ["prefix", release], { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
    if (prefix) candidates.push(join(prefix, "bin", "python3"));
  } catch {
    // no pyenv, or no such version under it
  }
  const root = process.env.PYENV_ROOT ?? join(homedir(), ".pyenv");
  candidates.push(join(root, "versions", release, "bin", "python3"), `python${version}`);
  const searched = `${envName}, pyenv prefix ${release}, ${join(root, "versions", release)}, python${version} on PATH`;
  for (const c of candidates) {
    if (c.includes("/") && !existsSync(c)) continue;
    const got = pythonRelease(c);
    if (got !== null && got.split(".").slice(0, 2).join(".") === version)
      return { version, release: got, python: c, searched };
  }
  return { version, release, python: null, searched };
}

/**
 * The stored referee results of `version` for a trace folder (`examples` or `more`), recorded by
 * `record-referee.ts` beside this file: the deterministic part of the exactness tests runs from them on
 * a machine without that interpreter.
 */
export const STORED_RESULTS = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "referee-results");

/** The stored results of `version` for the traces in `dir`: [name, trace path, expected result]. */
export function storedExamples(
  version: string,
  dir: "examples" | "more",
): { name: string; path: string; expected: Record<string, unknown> }[] {
  const traces = dir === "examples" ? EXAMPLES : MORE;
  const stored = join(STORED_RESULTS, version, dir);
  return readdirSync(traces)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({
      name: f,
      path: join(traces, f),
      expected: readJson(readFileSync(join(stored, f), "utf8"), DEFAULT_TRACE_LIMITS) as Record<
        string,
        unknown
      >,
    }));
}

/** Records `referee`'s results for every trace in examples/ and more/ into `STORED_RESULTS`, one line each. */
export function recordStoredResults(referee: VersionReferee): number {
  if (referee.python === null)
    throw new Error(`no CPython ${referee.version} (looked at ${referee.searched})`);
  let n = 0;
  for (const [dir, traces] of [
    ["examples", EXAMPLES],
    ["more", MORE],
  ] as const) {
    const out = join(STORED_RESULTS, referee.version, dir);
    mkdirSync(out, { recursive: true });
    const files = readdirSync(traces).filter((f) => f.endsWith(".json"));
    for (const f of files) {
      // read with the trace reader: a 100,000-deep final graph and ints past 2^53 stay as they are
      const text = execFileSync(referee.python, [join(REFEREE, "cpython_replay.py"), join(traces, f)], {
        maxBuffer: 64 * 1024 * 1024,
      }).toString();
      const result = readJson(text, DEFAULT_TRACE_LIMITS) as unknown as TraceResult;
      writeFileSync(join(out, f), formatResults([result]));
      n++;
    }
  }
  return n;
}

/**
 * Compares with the referee's own comparer (compare_results.py). Returns its closing counts and the
 * lines of the failures.
 */
export function compareWithReferee(
  expected: unknown[],
  actual: unknown[],
  flags: string[] = [],
): { passed: number; failed: number; report: string } {
  const dir = mkdtempSync(join(tmpdir(), "heaplab-compare-"));
  // Written as the CLI writes results: exact big ints, a size that does not grow with nesting depth.
  writeFileSync(join(dir, "expected.json"), formatResults(expected as TraceResult[]));
  writeFileSync(join(dir, "actual.json"), formatResults(actual as TraceResult[]));
  let report: string;
  try {
    report = execFileSync("python3", [
      join(REFEREE, "compare_results.py"),
      join(dir, "expected.json"),
      join(dir, "actual.json"),
      ...flags,
    ]).toString();
  } catch (e) {
    report = String((e as { stdout?: Buffer }).stdout ?? e);
  }
  const m = /(\d+) passed, (\d+) failed\s*$/.exec(report.trim());
  return { passed: Number(m?.[1] ?? 0), failed: Number(m?.[2] ?? -1), report };
}

/**
 * The `FAIL` lines of a comparer report, each followed by the gen_trace arguments of its trace, so a
 * failing random trace can be made again by hand.
 */
export function failuresWithSeeds(report: string, traces: readonly GeneratedTrace[]): string[] {
  return report
    .split("\n")
    .filter((l) => l.startsWith("FAIL"))
    .map(
      (l) => `${l}  [gen_trace ${traces.find((t) => l.includes(`-${t.args.split(" ")[1]}`))?.args ?? "?"}]`,
    );
}

/** The gen_trace argument strings for a differential run: every mix, with and without --auto. */
export function differentialSpecs(count: number, firstSeed: number): string[] {
  const mixes = ["default", "cycles", "finalizers", "weakrefs", "churn"];
  const specs: string[] = [];
  for (let i = 0; i < count; i++) {
    const mix = mixes[i % mixes.length]!;
    const seed = firstSeed + i;
    const auto =
      i % 2 === 1 ? ` --auto --threshold ${[10, 25, 40, 7][i % 4]},${2 + (i % 3)},${2 + (i % 4)}` : "";
    specs.push(`--seed ${seed} --mix ${mix} --ops ${200 + (i % 5) * 100}${auto}`);
  }
  return specs;
}

/**
 * The references python3 itself holds to `()` when the referee starts a trace (an environment value,
 * like `baseline`): measured by observing `sys.getrefcount(())` in a two-op trace and removing the
 * three references that trace makes (its compiled op, the loop's local `s`, register 0).
 */
export function calibrateEmptyTupleRefs(): number {
  const dir = mkdtempSync(join(tmpdir(), "heaplab-calibrate-"));
  const path = join(dir, "empty-tuple.json");
  writeFileSync(
    path,
    JSON.stringify({
      format: "heaplab-trace/1",
      name: "calibrate",
      registers: 1,
      ops: [
        ["tuple", 0, []],
        ["refcount", 0],
      ],
    }),
  );
  const [r] = refereeResults([path]);
  const observed = (r!.observations as [number, number][])[0]![1];
  return observed - 999_999_999 - 3;
}
