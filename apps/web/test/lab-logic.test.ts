import { describe, expect, it } from "vitest";
import { paramsFor } from "../src/engine/params";
import { markDifferences } from "../src/lab/output-diff";
import { escapeHtml } from "../src/ui/dom";

describe("marking the lines that differ between strategies", () => {
  it("marks only what one strategy printed and another did not, wherever it was printed", () => {
    const cpython = ["start", "__del__ obj1", "__del__ obj2", "collected 2", "end"];
    const jvm = ["start", "collected 2", "__del__ obj1", "__del__ obj2", "end"];
    const refcount = ["start", "collected 0", "end"];
    const [a, b, c] = markDifferences([cpython, jvm, refcount]);
    // Against refcount, every __del__ line and both "collected" lines differ; start/end never do.
    expect([...a!]).toEqual([0, 1, 1, 1, 0]);
    expect([...b!]).toEqual([0, 1, 1, 1, 0]);
    expect([...c!]).toEqual([0, 1, 0]);
  });

  it("marks nothing when the outputs agree, and nothing in a single column", () => {
    expect(
      markDifferences([
        ["x", "y"],
        ["x", "y"],
      ]).map((d) => [...d]),
    ).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect([...markDifferences([["only"]])[0]!]).toEqual([0]);
  });

  it("lines up by position when the outputs are too long for the subsequence table", () => {
    const long = Array.from({ length: 3000 }, (_, i) => `line ${i}`);
    const other = long.map((l, i) => (i === 1500 ? "changed" : l));
    const [a] = markDifferences([long, other]);
    expect(a!.reduce((s, v) => s + v, 0)).toBe(1);
    expect(a![1500]).toBe(1);
  });
});

describe("dashboard input (issue 16, item 16)", () => {
  it("an unknown workload gives null instead of throwing", () => {
    expect(paramsFor("no-such-workload", 1)).toBeNull();
    expect(paramsFor("list-cycle", 0.5)).toEqual({ count: 1000 });
  });

  it("escapes quotes in attribute values", () => {
    expect(escapeHtml(`a"b'c<d>&`)).toBe("a&#34;b&#39;c&#60;d&#62;&#38;");
  });
});
