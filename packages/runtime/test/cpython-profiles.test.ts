import { describe, expect, it } from "vitest";
import { ConfigError, CPYTHON_3_14, CPYTHON_PROFILES, type CPythonVersion, cpythonProfile } from "../src";

describe("cpythonProfile", () => {
  it("answers every version heaplab models, 3.14 included, each naming its own version", () => {
    for (const v of Object.keys(CPYTHON_PROFILES) as CPythonVersion[])
      expect(cpythonProfile(v).version).toBe(v);
    expect(cpythonProfile("3.14")).toBe(CPYTHON_3_14);
  });
  it("refuses a version it does not model with a ConfigError naming the ones it does", () => {
    expect(() => cpythonProfile("3.10" as CPythonVersion)).toThrow(ConfigError);
    expect(() => cpythonProfile("3.10" as CPythonVersion)).toThrow("3.11, 3.12, 3.13, 3.14");
  });
});
