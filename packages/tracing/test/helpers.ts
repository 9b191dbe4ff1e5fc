import { cpythonStrategy } from "@heaplab/generational";
import { refcountStrategy } from "@heaplab/refcount";
import { createNoneStrategy, Runtime, type Strategy } from "@heaplab/runtime";
import {
  createClr,
  createGenCopy,
  createJvmSerial,
  createMarkCompact,
  createMarkSweep,
  createSemiSpace,
} from "../src/index";

/** Each tracing strategy with small spaces, so tests collect often. */
export const smallStrategies: Record<string, () => Strategy> = {
  "mark-sweep": () => createMarkSweep({ settings: { "min-heap": 1 << 16 } }),
  "mark-sweep (eager)": () => createMarkSweep({ settings: { "min-heap": 1 << 16, sweep: "eager" } }),
  "mark-compact": () => createMarkCompact({ settings: { "region-bytes": 1 << 16, "min-heap": 1 << 16 } }),
  semispace: () => createSemiSpace({ settings: { "semispace-bytes": 1 << 16, "min-heap": 1 << 16 } }),
  "jvm-serial": () => createJvmSerial({ settings: { "initial-heap": 1 << 20 } }),
  clr: () => createClr({ settings: { GCgen0size: 1 << 16, GCRegionSize: 1 << 16 } }),
  gencopy: () => createGenCopy({ settings: { "nursery-bytes": 1 << 16, "min-heap": 1 << 18 } }),
};

/** The same with `none`, the oracle that never collects. */
export const withNone: Record<string, () => Strategy> = {
  none: () => createNoneStrategy(),
  ...smallStrategies,
};

/** A runtime whose whole heap is verified after every collection; `collections()` counts them. */
export function verifiedRuntime(
  make: () => Strategy,
  heapLimit = 64 << 20,
): { rt: Runtime; collections: () => number } {
  const rt = new Runtime(make(), { heapLimit });
  let n = 0;
  rt.events.on((e) => {
    if (e.type === "gc-end") {
      n++;
      rt.verify();
    }
  });
  return { rt, collections: () => n };
}

/** A persistent handle to what `make` returns, with no scoped handle left behind to keep it alive. */
export function held(rt: Runtime, make: () => number): number {
  const mark = rt.openScope();
  const h = rt.persistent(make());
  rt.closeScope(mark);
  return h;
}

/** The property test's field: none (the oracle), CPython 3.11, plain refcounting and every tracing strategy (test-only imports). */
export const allStrategies: Record<string, () => Strategy> = {
  ...withNone,
  "cpython-3.11": () => cpythonStrategy.create({}),
  refcount: () => refcountStrategy.create({}),
};
