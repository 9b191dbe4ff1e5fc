import { Worker } from "node:worker_threads";

/**
 * Starts the module at `moduleUrl` in a worker thread with a 256 MiB stack and `data` as its
 * `workerData`; the worker posts its exit status, which becomes the command's. The interpreter nests
 * JavaScript calls per Python call: the larger stack lets Python reach its own recursion limit (1000
 * frames) before JavaScript's. The worker's standard output and error are the command's.
 *
 * @example
 * startBigStackWorker(import.meta.url, { kind: "run", source }, "heaplab run");
 * // and in that module: if (!isMainThread && workerData?.kind === "run") parentPort!.postMessage(run(workerData));
 */
export function startBigStackWorker(moduleUrl: string, data: unknown, command: string): void {
  // Run from TypeScript sources (tsx), the worker registers tsx's loader before importing the module.
  const boot = moduleUrl.endsWith(".ts")
    ? `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(moduleUrl)}); })`
    : `import(${JSON.stringify(moduleUrl)})`;
  const worker = new Worker(boot, {
    eval: true,
    execArgv: process.execArgv,
    workerData: data,
    resourceLimits: { stackSizeMb: 256 },
    stdout: false,
    stderr: false,
  });
  // A reader that stops early (`| head`) closes the pipe: stop quietly, as Python's EPIPE exit does.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
  });
  worker.on("message", (code: number) => {
    process.exitCode = code;
  });
  worker.on("error", (e) => {
    console.error(`${command}: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 70;
  });
}
