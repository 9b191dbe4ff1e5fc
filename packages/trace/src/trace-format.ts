/** The trace format (`heaplab-trace/1`, see the referee's SPEC.md) as TypeScript types. */
export const TRACE_FORMAT = "heaplab-trace/1";
export const RESULT_FORMAT = "heaplab-trace-result/1";

/** One op after validation: its name and arguments, as in the JSON. */
export type Op =
  | ["list" | "tuple" | "node", number, number[]]
  | ["dict", number, [number, number][]]
  | ["fin", number, string, number[]]
  | ["int", number, number | bigint]
  | ["str", number, string]
  | ["weakref", number, number, string | null]
  | ["deref", number, number]
  | ["resurrect", string, number]
  | ["set", number, number, number]
  | ["get", number, number, number]
  | ["append" | "mov" | "is", number, number]
  | ["del" | "clear" | "pop" | "refcount" | "tracked" | "finalized" | "alive" | "len", number]
  | ["collect", number]
  | ["threshold", number, number, number]
  | ["saveall", boolean]
  | ["enable" | "disable" | "freeze" | "unfreeze" | "count" | "log" | "garbage" | "freeze_count"];

/** A validated trace. */
export interface Trace {
  readonly name: string;
  readonly registers: number;
  readonly gcEnabled: boolean;
  readonly threshold: readonly [number, number, number];
  readonly ops: readonly Op[];
}

/** An object in the canonical final graph. */
export type Shape =
  | null
  | ["int", number | bigint]
  | ["str", string]
  | ["ref", number]
  | ["weakref", number]
  | ["list" | "tuple", number, Shape[]]
  | ["dict", number, [number | string | bigint, Shape][]]
  | ["node", number, Shape[]]
  | ["fin", number, string, Shape[]];

/** What a replayer reports, in the referee's format. */
export interface TraceResult {
  format: typeof RESULT_FORMAT;
  trace: string;
  python: string;
  /** Which heaplab strategy produced this result (not in the referee's output). */
  strategy: string;
  observations: [number, unknown][];
  stats: { collections: number; collected: number; uncollectable: number }[];
  garbage: number | null;
  baseline: number;
  final: Shape[];
}
