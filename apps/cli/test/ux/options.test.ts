import { getWorkload } from "@heaplab/workloads";
import { describe, expect, it } from "vitest";
import {
  joinNegativeValues,
  parseHeapLimit,
  parseSeed,
  parseStrategySettings,
  parseWorkloadParams,
  strategyNames,
  UsageError,
  wholeNumber,
} from "../../src/options";

describe("option parsing refuses bad values before any run", () => {
  it("reads heap limits with units and refuses other forms and heaps too small for a strategy", () => {
    expect(parseHeapLimit("16MiB", ["cpython-3.11"])).toBe(16 << 20);
    expect(parseHeapLimit(16777216, ["none"])).toBe(16 << 20);
    expect(parseHeapLimit("512KiB", ["refcount"])).toBe(512 << 10);
    expect(parseHeapLimit(undefined, ["none"])).toBeUndefined();
    expect(() => parseHeapLimit("16MB", ["none"])).toThrow(UsageError);
    expect(() => parseHeapLimit("8GiB", ["none"])).toThrow("more than WebAssembly memory can hold");
    expect(() => parseHeapLimit("512KiB", ["none"])).toThrow(
      "too small for 'none': it needs at least 1048576 bytes",
    );
  });

  it("refuses a seed that is not a 32-bit whole number", () => {
    expect(parseSeed("42")).toBe(42);
    for (const bad of ["abc", "-1", "1.5", "4294967296"]) expect(() => parseSeed(bad)).toThrow(UsageError);
  });

  it("joins an option and its negative value so the option's own check names it", () => {
    expect(joinNegativeValues(["replay", "--baseline", "-5", "t.json"])).toEqual([
      "replay",
      "--baseline=-5",
      "t.json",
    ]);
    expect(() => wholeNumber("-5", "--baseline", 0)).toThrow("--baseline takes a whole number ≥ 0, not '-5'");
  });

  it("types --param by the workload's default and refuses what it cannot read", () => {
    const listCycle = getWorkload("list-cycle");
    const pool = getWorkload("object-pool");
    expect(parseWorkloadParams(["count=10"], [listCycle])).toEqual({ "list-cycle": { count: 10 } });
    expect(parseWorkloadParams("pooled=0", [listCycle, pool])).toEqual({
      "list-cycle": {},
      "object-pool": { pooled: false },
    });
    expect(() => parseWorkloadParams("count=abc", [listCycle])).toThrow(
      "--param count takes a number for list-cycle, not 'abc'",
    );
    expect(() => parseWorkloadParams("pooled=yes", [pool])).toThrow("true, false, 1 or 0");
    expect(() => parseWorkloadParams("depth=3", [listCycle])).toThrow(
      "no chosen workload has a parameter 'depth'",
    );
  });

  it("refuses unknown settings naming the strategies' settings, and booleans other than true/false/1/0", () => {
    expect(parseStrategySettings("neverReleaseArenas=true", ["refcount"])).toEqual({
      refcount: { neverReleaseArenas: true },
    });
    expect(() => parseStrategySettings("foo=1", ["refcount"])).toThrow(
      "no chosen strategy has a setting 'foo' (refcount: neverReleaseArenas, debugHooks)",
    );
    expect(() => parseStrategySettings("neverReleaseArenas=yes", ["refcount"])).toThrow(UsageError);
  });

  it("names the known strategies for an unknown one", () => {
    expect(() => strategyNames("nope")).toThrow("unknown strategy 'nope'; known strategies: none");
  });
});
