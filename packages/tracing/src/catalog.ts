import type { StrategyEntry } from "@heaplab/runtime";
import { createClr } from "./plans/clr/plan";
import { createGenCopy } from "./plans/gencopy/plan";
import { createJvmSerial } from "./plans/jvm-serial/plan";
import { createMarkCompact } from "./plans/mark-compact/plan";
import { createMarkSweep } from "./plans/mark-sweep/plan";
import { createSemiSpace } from "./plans/semispace/plan";

/**
 * The tracing strategies as catalog entries, in the order `heaplab strategies` lists them.
 *
 * @example
 * const catalog = new StrategyCatalog([noneStrategy, ...tracingStrategies]);
 * const rt = new Runtime(catalog.get("semispace").create({}));
 */
export const tracingStrategies: StrategyEntry[] = [
  {
    name: "mark-sweep",
    description: "non-moving mark-sweep: size-segregated free lists, lazy or eager sweep, large-object space",
    create: createMarkSweep,
  },
  {
    name: "mark-compact",
    description: "Lisp-2 sliding compaction: mark, compute addresses, adjust pointers, move",
    create: createMarkCompact,
  },
  {
    name: "semispace",
    description: "Cheney copying between two halves; bump allocation; large-object space",
    create: createSemiSpace,
  },
  {
    name: "jvm-serial",
    description:
      "HotSpot Serial: eden + two survivors (copying, ages, adaptive tenuring), mark-compact tenured, 512-byte cards",
    create: createJvmSerial,
  },
  {
    name: "clr",
    description:
      "CLR workstation GC: gen0/1/2 regions with adaptive budgets, compact-or-sweep plan phase, LOH, pinning, cards",
    create: createClr,
  },
  {
    name: "gencopy",
    description:
      "MMTk GenCopy: a copying nursery promoting into a copying mature space (two halves), cards, large-object space",
    create: createGenCopy,
  },
];
