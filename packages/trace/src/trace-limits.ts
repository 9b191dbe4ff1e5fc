/**
 * What a trace may ask of the replayer. The trace format itself sets no bounds; these keep one hostile
 * or mistaken file from exhausting the process (a 220 MB file, a string that the final graph repeats in
 * thousands of registers): each is checked before the work it bounds, and breaking one is a
 * `TraceError` with a one-line message.
 * @example
 * const trace = loadTrace("big.json", { ...DEFAULT_TRACE_LIMITS, maxFileBytes: 256 * 1024 * 1024 });
 */
export interface TraceLimits {
  /** Largest trace file read, in bytes (checked before reading). */
  readonly maxFileBytes: number;
  /** Most registers (the referee builds a list of that many Nones). */
  readonly maxRegisters: number;
  /** Longest string in the trace (a `str` value or a tag), in UTF-16 code units. */
  readonly maxStringChars: number;
  /**
   * Most decimal digits in an int: CPython 3.11's `sys.get_int_max_str_digits()` default, past which
   * the referee's JSON decoder refuses the number too.
   */
  readonly maxIntDigits: number;
  /** Most characters the result's final object graph may print (checked while it is built). */
  readonly maxOutputChars: number;
}

/** The defaults: 64 MiB files, 2^20 registers, 1 Mi-character strings, 4,300-digit ints, 128 Mi characters of output. */
export const DEFAULT_TRACE_LIMITS: TraceLimits = {
  maxFileBytes: 64 * 1024 * 1024,
  maxRegisters: 1 << 20,
  maxStringChars: 1 << 20,
  maxIntDigits: 4300,
  maxOutputChars: 128 * 1024 * 1024,
};
