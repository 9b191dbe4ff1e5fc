/** What a status line says: its text and its state (`data-state`, which the CSS colours). */
export type RunState = "idle" | "running" | "done" | "error";

/** A panel's Run/Stop buttons and status line. */
export interface RunControls {
  setStatus(text: string, state: RunState): void;
  /** Run disabled and Stop enabled while running, the other way round after. */
  setRunning(on: boolean): void;
}

/**
 * Wires a panel's Run button, optional Stop button and status line; `onRunning` mirrors the running
 * flag into the panel's state (read by tests).
 *
 * @example
 * const ui = runControls(runBtn, stopBtn, status, (on) => (state.running = on));
 * ui.setRunning(true);
 * ui.setStatus("running…", "running");
 */
export function runControls(
  run: HTMLButtonElement,
  stop: HTMLButtonElement | null,
  status: HTMLElement,
  onRunning: (on: boolean) => void,
): RunControls {
  return {
    setStatus(text, state) {
      status.textContent = text;
      status.dataset.state = state;
    },
    setRunning(on) {
      onRunning(on);
      run.disabled = on;
      if (stop) stop.disabled = !on;
    },
  };
}
