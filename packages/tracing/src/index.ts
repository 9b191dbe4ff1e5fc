/**
 * @heaplab/tracing — JVM/CLR-style tracing-only strategies over heaplab's shared runtime: `mark-sweep`,
 * `mark-compact`, `semispace`, `jvm-serial`, `clr` and `gencopy`, each a thin plan over shared spaces, collectors
 * and barriers.
 *
 * @example
 * import { Runtime } from "@heaplab/runtime";
 * import { createMarkSweep } from "@heaplab/tracing";
 * const rt = new Runtime(createMarkSweep(), { heapLimit: 64 << 20 });
 */

export * from "./catalog";
export * from "./header";
export * from "./plans/clr/plan";
export * from "./plans/gencopy/plan";
export * from "./plans/jvm-serial/plan";
export * from "./plans/mark-compact/plan";
export * from "./plans/mark-sweep/plan";
export * from "./plans/semispace/plan";
