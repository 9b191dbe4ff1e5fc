/**
 * CPython's `gc` module, for strategies that model it (`cpython-3.11`). Signatures follow Python's;
 * object arguments and results are addresses. Generations are 0, 1, 2.
 * @example
 * const gc = rt.strategy.gc;
 * if (gc !== undefined) { gc.setThreshold(100); gc.collect(0); }
 */
export interface GcModule {
  collect(generation?: number): number;
  getCount(): [number, number, number];
  getThreshold(): [number, number, number];
  setThreshold(t0: number, t1?: number, t2?: number): void;
  enable(): void;
  disable(): void;
  isEnabled(): boolean;
  getStats(): { collections: number; collected: number; uncollectable: number }[];
  freeze(): void;
  unfreeze(): void;
  getFreezeCount(): number;
  isTracked(obj: number): boolean;
  isFinalized(obj: number): boolean;
  /** Addresses of tracked objects (in one generation, or all). */
  getObjects(generation?: number): number[];
  getReferrers(...objs: number[]): number[];
  getReferents(...objs: number[]): number[];
  /** `gc.callbacks`: called with ("start" | "stop", info). */
  readonly callbacks: ((
    phase: "start" | "stop",
    info: { generation: number; collected: number; uncollectable: number },
  ) => void)[];
  setDebug(flags: number): void;
  getDebug(): number;
  /** `gc.garbage`, as addresses (each one a strong reference held by the module). */
  readonly garbage: number[];
  /** Empties `gc.garbage`, releasing its references. */
  clearGarbage(): void;
  /**
   * A tuple just made with `PyTuple_New` and filled in C (`Py_BuildValue`'s result) is tracked, whatever
   * its items: only collectors that otherwise leave a tuple of non-GC items untracked at creation
   * (3.14, gh-139951) need this; elsewhere the tuple is already tracked.
   */
  trackFilledTuple?(tuple: number): void;
}

/**
 * `gc.DEBUG_*` flags.
 * @example
 * rt.strategy.gc?.setDebug(GcDebug.SAVEALL); // gc.set_debug(gc.DEBUG_SAVEALL)
 */
export const GcDebug = {
  STATS: 1,
  COLLECTABLE: 2,
  UNCOLLECTABLE: 4,
  SAVEALL: 32,
  LEAK: 38,
} as const;
