import { HeaplabError, MemoryError, PyIndexError } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { errorLine, exitStatus, FailureIn, reportFailure, withoutDoubledName } from "../../src/error-line";
import { UsageError } from "../../src/options";

describe("one line per failure", () => {
  it("never doubles an exception's name", () => {
    expect(errorLine(new MemoryError("MemoryError: heap full", 8, 0, 0))).toBe("MemoryError: heap full");
    expect(errorLine(new MemoryError("heap full", 8, 0, 0))).toBe("MemoryError: heap full");
    expect(errorLine(new PyIndexError("KeyError: 'x'"))).toBe("KeyError: 'x'");
    expect(withoutDoubledName("MemoryError: MemoryError: heap full")).toBe("MemoryError: heap full");
    expect(withoutDoubledName("IndexError: KeyError: 'x'")).toBe("KeyError: 'x'");
  });

  it("keeps a message on one line with control bytes visible", () => {
    expect(errorLine(new HeaplabError("a\nb\u0007"))).toBe("a b\\x07");
  });

  it("exits 2 for the command line, 1 for a heaplab error, 70 for an internal one", () => {
    expect(exitStatus(new UsageError("x"))).toBe(2);
    expect(exitStatus(new FailureIn("t.json", new UsageError("x")))).toBe(2);
    expect(exitStatus(new MemoryError("full", 1, 1, 1))).toBe(1);
    expect(exitStatus(new TypeError("undefined is not a function"))).toBe(70);
    expect(errorLine(new FailureIn("t.json", new PyIndexError("KeyError: 1")))).toBe("t.json: KeyError: 1");
  });

  it("prints an internal error as one line with the hint, and its stack only when asked", () => {
    const lines: string[] = [];
    const original = console.error;
    console.error = (...a: unknown[]) => lines.push(a.join(" "));
    try {
      expect(reportFailure(new TypeError("boom"), {})).toBe(70);
      expect(lines).toEqual([
        "heaplab: internal error: TypeError: boom (rerun with HEAPLAB_DEBUG=1 for the stack)",
      ]);
      lines.length = 0;
      reportFailure(new TypeError("boom"), { HEAPLAB_DEBUG: "1" });
      expect(lines[1]).toContain("at ");
    } finally {
      console.error = original;
    }
  });
});
