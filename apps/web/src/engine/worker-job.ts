/** A running Worker job: `stop()` terminates it (idempotent). */
export interface WorkerJob {
  stop(reason: string): void;
  readonly finished: boolean;
}

/** What a job reports: every message, then exactly one end (finished normally, or why not). */
export interface WorkerJobHandlers<M> {
  /** A message from the Worker; return true when it was the last one (the job is finished). */
  onMessage(m: M): boolean;
  /** The job ended without finishing: stopped, timed out, or the Worker failed. Called at most once. */
  onFail(message: string): void;
}

/**
 * Starts `make()` (a module Worker), posts `request`, and guarantees an end: the Worker's own
 * messages, an uncaught error in it (`onerror`, e.g. a module that fails to load), a message that
 * cannot be read, `stop()` or the time limit. Whatever happens, exactly one of "last message" or
 * `onFail` ends the job and the Worker is terminated, so a caller's Run button never stays disabled.
 *
 * @example
 * const job = startWorkerJob(() => new Worker(url, { type: "module" }), req, 10_000, {
 *   onMessage: (m) => m.type === "done",
 *   onFail: (why) => show(why),
 * });
 * stopButton.onclick = () => job.stop("stopped");
 */
export function startWorkerJob<M>(
  make: () => Worker,
  request: unknown,
  timeLimitMs: number | null,
  handlers: WorkerJobHandlers<M>,
): WorkerJob {
  let finished = false;
  let worker: Worker | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const end = (failure: string | null): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    worker?.terminate();
    if (failure !== null) handlers.onFail(failure);
  };
  try {
    worker = make();
  } catch (e) {
    queueMicrotask(() => end(`the worker could not start: ${e instanceof Error ? e.message : String(e)}`));
    return {
      stop: (r) => end(r),
      get finished() {
        return finished;
      },
    };
  }
  worker.onmessage = (e: MessageEvent<M>) => {
    if (finished) return;
    let last: boolean;
    try {
      last = handlers.onMessage(e.data);
    } catch (err) {
      end(`the page could not show the result: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (last) end(null);
  };
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    end(`the worker failed: ${e.message || "an error with no message (see the browser console)"}`);
  };
  worker.onmessageerror = () => end("the worker sent a message the page could not read");
  if (timeLimitMs !== null)
    timer = setTimeout(
      () => end(`stopped: the time limit of ${timeLimitMs / 1000} s was reached`),
      timeLimitMs,
    );
  worker.postMessage(request);
  return {
    stop: (reason) => end(reason),
    get finished() {
      return finished;
    },
  };
}
