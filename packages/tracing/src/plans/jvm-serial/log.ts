/** Bytes as `-Xlog:gc` prints them: whole mebibytes, rounded down. */
function mb(bytes: number): string {
  return `${Math.floor(bytes / (1024 * 1024))}M`;
}

/**
 * A `-Xlog:gc` end-of-pause line: `[gc] GC(3) Pause Young (Allocation Failure) 24M->9M(64M) 1.234ms`.
 *
 * @example
 * pauseLine(0, "Young", "Allocation Failure", 25e6, 9e6, 64e6, 1.2345);
 */
export function pauseLine(
  id: number,
  kind: "Young" | "Full",
  cause: string,
  before: number,
  after: number,
  capacity: number,
  ms: number,
): string {
  return `[gc] GC(${id}) Pause ${kind} (${cause}) ${mb(before)}->${mb(after)}(${mb(capacity)}) ${ms.toFixed(3)}ms`;
}

/** The `[gc,age]` line after a young collection: the survivors' target and the new tenuring threshold. */
export function ageLine(desiredSurvivorBytes: number, threshold: number, maxThreshold: number): string {
  return `[gc,age] Desired survivor size ${desiredSurvivorBytes} bytes, new threshold ${threshold} (max threshold ${maxThreshold})`;
}

/** HotSpot's cause string for a collection reason. */
export function causeOf(reason: string): string {
  return reason === "explicit"
    ? "System.gc()"
    : reason === "shutdown"
      ? "Diagnostic Command"
      : "Allocation Failure";
}
