import type { TypeInfo } from "@heaplab/runtime";

/** A native method or function: receives owned argument handles (it must release them) and returns an owned handle. */
export type NativeFn = (args: number[], kw: KwArgs | null) => number;

/** Keyword arguments of a call: names and owned value handles, in order. */
export interface KwArgs {
  names: string[];
  values: number[];
}

/**
 * The interpreter's view of one Python class (a `type` object on the heap). A class made by a `class`
 * statement has a heap `__dict__` and a registered TypeInfo for its instances; a built-in class (int,
 * list, ...) has native methods instead.
 *
 * @example
 * interp.classOf(h).name; // "list"
 */
export interface ClassInfo {
  readonly id: number;
  readonly name: string;
  /** Persistent handle to the `type` object. */
  obj: number;
  /** Persistent handle to the class `__dict__` (a heap dict). */
  dict: number;
  bases: ClassInfo[];
  mro: ClassInfo[];
  /** The TypeInfo of instances (user classes; built-in classes use their runtime kind). */
  instanceType: TypeInfo | null;
  /** Native methods of a built-in class, by name. */
  readonly natives: Map<string, NativeFn>;
  /** Constructor of a built-in class: `int("3")`, `list(it)`. */
  construct: NativeFn | null;
  /** Derives from BaseException. */
  isException: boolean;
  /** Names of `__slots__`, if declared. */
  slots: string[] | null;
}
