/**
 * @heaplab/tracing — JVM/CLR-style tracing-only strategies over heaplab's shared runtime: `mark-sweep`,
 * `mark-compact`, `semispace`, `jvm-serial`, `clr` and `gencopy`, each a thin plan over shared spaces,
 * collectors and barriers.
 *
 * This entry point is the public API: the catalog entries, a factory and a plan class per strategy (the
 * class for `instanceof` and each plan's own methods, such as `ClrPlan.gcMemoryInfo`). The header word,
 * the spaces and the collector cores are the plans' own parts.
 *
 * @example
 * import { Runtime } from "@heaplab/runtime";
 * import { createMarkSweep } from "@heaplab/tracing";
 * const rt = new Runtime(createMarkSweep(), { heapLimit: 64 << 20 });
 */
export { tracingStrategies } from "./catalog";
export {
  ClrPlan,
  createClr,
  type GcMemoryInfo,
} from "./plans/clr/plan";
export {
  createGenCopy,
  GenCopyPlan,
} from "./plans/gencopy/plan";
export {
  createJvmSerial,
  JvmSerialPlan,
} from "./plans/jvm-serial/plan";
export {
  createMarkCompact,
  MarkCompactPlan,
} from "./plans/mark-compact/plan";
export {
  createMarkSweep,
  MarkSweepPlan,
} from "./plans/mark-sweep/plan";
export {
  createSemiSpace,
  SemiSpacePlan,
} from "./plans/semispace/plan";
