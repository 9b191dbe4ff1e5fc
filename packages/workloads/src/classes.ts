import type { Runtime, TypeInfo, TypeSpec } from "@heaplab/runtime";

/**
 * The class named `spec.name` on `rt`, registering it the first time: a workload defines its classes
 * the way a module does, once per interpreter, even if it runs twice on one runtime.
 *
 * @example
 * const Node = defineClass(rt, { name: "Node", kind: "slots", slots: ["left", "right"] });
 */
export function defineClass(rt: Runtime, spec: TypeSpec): TypeInfo {
  return rt.types.byName(spec.name) ?? rt.types.register(spec);
}

/**
 * Runs `fn(i)` for i in 0..n-1, each iteration in its own handle scope, reporting progress every
 * `every` iterations, or every eighth of the run when that is sooner. The loop of nearly every workload.
 *
 * @example
 * loop(rt, 1000, (i) => rt.newInt(i));
 */
export function loop(
  rt: Runtime,
  n: number,
  fn: (i: number) => void,
  progress?: (done: number, total: number) => void,
  every = 1024,
): void {
  // At least eight reports a run, so a short run's phases (a quarter, half way) can be told apart.
  const step = Math.max(1, Math.min(every, Math.ceil(n / 8)));
  for (let i = 0; i < n; i++) {
    const mark = rt.openScope();
    try {
      fn(i);
    } finally {
      rt.closeScope(mark);
    }
    if (progress !== undefined && (i + 1) % step === 0) progress(i + 1, n);
  }
  progress?.(n, n);
}
