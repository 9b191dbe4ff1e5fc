import { HeaplabError } from "@heaplab/runtime";

/**
 * A trace that is not valid: malformed JSON, an unknown op, a register or index out of range, a weak
 * reference to an object that refuses one. The message names the op's index.
 * @example
 * try { parseTrace(json); } catch (e) { if (e instanceof TraceError) console.error(e.message); } // "op 3: unknown op 'frob'"
 */
export class TraceError extends HeaplabError {
  override name = "TraceError";
  constructor(
    message: string,
    /** Index of the op at fault, or -1 for the trace as a whole. */
    readonly opIndex: number,
  ) {
    super(opIndex >= 0 ? `op ${opIndex}: ${message}` : message);
  }
}
