import type { KwArgs } from "./classes";

/** What a statement closure tells its block: go on, or leave by break, continue or return. */
export enum Flow {
  Next = 0,
  Break = 1,
  Continue = 2,
  Return = 3,
}

/**
 * One activation, as CPython 3.11's `_PyInterpreterFrame` keeps it: the fast locals (`localsplus`:
 * parameters and locals, then cells, then free variables; each an owned handle or UNBOUND), the
 * globals dict, a class body's namespace, the line being run and the return value in flight.
 */
export interface Frame {
  readonly code: CodeInfo;
  readonly locals: number[];
  readonly globals: number;
  /** A class body's namespace dict (LOAD_NAME / STORE_NAME), or 0. */
  readonly ns: number;
  /** The function object running (owned by the caller's stack), 0 for module and class bodies. */
  readonly fn: number;
  line: number;
  ret: number;
  readonly back: Frame | null;
}

/** A compiled statement: runs against a frame and says how control leaves it. */
export type Stmt = (f: Frame) => Flow;
/** A compiled expression: returns an owned handle. */
export type Expr = (f: Frame) => number;

/** A compiled code object: its name, the shape of its parameters and its entry point. */
export interface CodeInfo {
  readonly id: number;
  readonly name: string;
  readonly qualname: string;
  readonly filename: string;
  readonly firstLine: number;
  /** Last source line of the definition (memory_profiler's report ends there). */
  readonly lastLine: number;
  /** Positional parameter names, then keyword-only ones. */
  readonly params: string[];
  readonly posCount: number;
  readonly kwOnlyCount: number;
  readonly varargs: number;
  readonly varkw: number;
  /** Slots in `locals`: parameters and locals, then cells, then frees. */
  readonly nlocals: number;
  /** Local slots that hold a cell made at entry, and the parameter slot each copies (or -1). */
  readonly cells: { slot: number; param: number }[];
  /** Slots filled from `__closure__`, in its order. */
  readonly frees: number[];
  readonly isGenerator: boolean;
  /** Slot of the implicit `__class__` cell a method using `super()` reads, or -1. */
  readonly classCellSlot: number;
  body: Stmt;
  /** A generator function's body: suspends at each `yield` with the value (owned). */
  genBody?: (f: Frame) => Generator<number, Flow, number>;
  /** Calls a function object of this code with owned args (consumed). */
  invoke: (fn: number, args: number[], kw: KwArgs | null) => number;
}
