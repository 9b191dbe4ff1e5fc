import { HeaplabError, Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import {
  catalog,
  describeStrategy,
  parseByteSize,
  parseSettings,
  STRATEGY_SETTINGS,
  settingsByStrategy,
} from "../src/index";

describe("parseByteSize", () => {
  it("reads plain bytes and binary units", () => {
    expect(parseByteSize("16777216", "--heap-limit")).toBe(16 * 1024 * 1024);
    expect(parseByteSize("16MiB", "--heap-limit")).toBe(16 * 1024 * 1024);
    expect(parseByteSize("512KiB", "--heap-limit")).toBe(512 * 1024);
    expect(parseByteSize("1GiB", "--heap-limit")).toBe(1024 ** 3);
    expect(parseByteSize("1.5 mib", "--heap-limit")).toBe(1.5 * 1024 * 1024);
  });

  it.each(["16MB", "abc", "-5", "0", "", "1e9", "16 MiBs", "0.5"])("refuses %j by name", (text) => {
    expect(() => parseByteSize(text, "--heap-limit")).toThrow(HeaplabError);
    expect(() => parseByteSize(text, "--heap-limit")).toThrow(/^--heap-limit takes a size/);
  });
});

describe("settings", () => {
  it("converts each kind and refuses booleans other than true/false/1/0", () => {
    expect(parseSettings("refcount", { neverReleaseArenas: "1", "debug-hooks": "false" })).toEqual({
      neverReleaseArenas: true,
      "debug-hooks": false,
    });
    expect(parseSettings("mark-sweep", { "min-heap": "8MiB", sweep: "eager" })).toEqual({
      "min-heap": 8 << 20,
      sweep: "eager",
    });
    expect(() => parseSettings("refcount", { neverReleaseArenas: "yes" })).toThrow(
      "setting 'neverReleaseArenas' takes true, false, 1 or 0, not 'yes'",
    );
    expect(() => parseSettings("mark-sweep", { sweep: "later" })).toThrow("one of lazy, eager");
  });

  it("refuses an unknown setting, naming the strategy's settings", () => {
    expect(() => parseSettings("refcount", { foo: "1" })).toThrow(
      "'refcount' has no setting 'foo'; its settings: neverReleaseArenas, debugHooks",
    );
    expect(() => settingsByStrategy(["none", "semispace"], { foo: "1" })).toThrow(
      "no chosen strategy has a setting 'foo' (none: none; semispace: semispace-bytes, min-heap)",
    );
  });

  it("gives each strategy only the settings it reads", () => {
    expect(settingsByStrategy(["none", "refcount", "cpython-3.11"], { neverReleaseArenas: "true" })).toEqual({
      refcount: { neverReleaseArenas: true },
      "cpython-3.11": { neverReleaseArenas: true },
    });
  });

  it("documents only strategies the catalog has", () => {
    expect(Object.keys(STRATEGY_SETTINGS).filter((n) => !catalog.names().includes(n))).toEqual([]);
  });
});

describe("describeStrategy", () => {
  it.each(catalog.names())("describes %s without building a heap, and its minimum heap holds", (name) => {
    const d = describeStrategy(catalog.get(name));
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    const min = d.constraints.minHeapBytes;
    if (min === null) return;
    // The stated minimum is enough to build the heap and allocate.
    const rt = new Runtime(catalog.get(name).create({ heapLimit: min }), { heapLimit: min });
    rt.scope(() => rt.append(rt.newList(), rt.newInt(1)));
    rt.verify();
  });
});
