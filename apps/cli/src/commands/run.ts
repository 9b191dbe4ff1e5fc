import { readFileSync } from "node:fs";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { runPython } from "@heaplab/python";
import { Runtime } from "@heaplab/runtime";
import { catalog } from "../catalog";
import { parseHeapLimit, strategyNames } from "../options";
import { compareRun } from "./run-compare";
import { startBigStackWorker } from "./worker-with-big-stack";

/**
 * `heaplab run [--strategy NAME] [--heap-limit 64MiB] FILE.py [ARGS…]`: runs a Python program on the
 * heaplab heap. ARGS become `sys.argv[1:]`; the program's standard output and error are its own; the
 * exit status is Python's (1 after an uncaught exception's traceback, 2 for unsupported syntax).
 */
export function runCommand(
  file: string | undefined,
  args: string[],
  options: { strategy?: string; heapLimit?: string | number; compare?: boolean; profile?: boolean },
): void {
  if (file === undefined) {
    console.error("heaplab run: give a Python file, e.g. pnpm heaplab run hello.py");
    process.exit(2);
  }
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch {
    console.error(`heaplab run: cannot read '${file}'`);
    process.exit(2);
  }
  // Unknown strategies and bad sizes are refused here, one line each, before any work (options.ts).
  const strategies =
    options.strategy !== undefined
      ? strategyNames(options.strategy)
      : options.compare
        ? catalog.names()
        : ["cpython-3.11"];
  const strategy = strategies.join(",");
  const heapLimit = parseHeapLimit(options.heapLimit, strategies) ?? 256 * 1024 * 1024;
  // The interpreter nests JavaScript calls per Python call; a worker with a larger stack lets Python
  // reach its own recursion limit (1000 frames) before JavaScript's.
  const self = import.meta.url;
  startBigStackWorker(
    self,
    {
      kind: "run",
      file,
      source,
      args: args.map(String),
      strategy,
      heapLimit,
      compare: options.compare === true,
      profile: options.profile === true,
    } satisfies RunRequest,
    "heaplab run",
  );
}

interface RunRequest {
  kind: "run";
  file: string;
  source: string;
  args: string[];
  strategy: string;
  heapLimit: number;
  compare: boolean;
  profile: boolean;
}

/** The worker's side: runs the program and posts its exit status. */
function runInWorker(req: RunRequest): number {
  if (req.compare) return compareRun(req.strategy.split(","), req.source, req.file, req.args, req.heapLimit);
  const entry = catalog.get(req.strategy);
  const rt = new Runtime(entry.create({ heapLimit: req.heapLimit }), { heapLimit: req.heapLimit });
  const file = req.file;
  const source = req.source;
  const args = req.args;
  let out = "";
  let err = "";
  const flush = () => {
    if (out !== "") process.stdout.write(out);
    if (err !== "") process.stderr.write(err);
    out = "";
    err = "";
  };
  const result = runPython(rt, source, {
    filename: file,
    argv: args.map(String),
    profile: req.profile,
    stdout: (t) => {
      if (err !== "") flush();
      out += t;
      if (out.length > 1 << 16) flush();
    },
    stderr: (t) => {
      if (out !== "") flush();
      err += t;
    },
  });
  flush();
  return result.exitCode;
}

if (!isMainThread && (workerData as RunRequest | undefined)?.kind === "run") {
  parentPort!.postMessage(runInWorker(workerData as RunRequest));
}
