import { describe, expect, it } from "vitest";
import { colourEnabled } from "../../src/colour";

describe("colourEnabled", () => {
  it("colours a terminal only, never with NO_COLOR, always with FORCE_COLOR", () => {
    expect(colourEnabled({ TERM: "xterm" }, true)).toBe(true);
    expect(colourEnabled({ TERM: "xterm" }, false)).toBe(false);
    expect(colourEnabled({ TERM: "dumb" }, true)).toBe(false);
    // picocolors' own guess colours any output when CI is set; the command does not.
    expect(colourEnabled({ CI: "true" }, false)).toBe(false);
    expect(colourEnabled({ NO_COLOR: "1" }, true)).toBe(false);
    expect(colourEnabled({ NO_COLOR: "1", FORCE_COLOR: "1" }, true)).toBe(false);
    expect(colourEnabled({ NO_COLOR: "" }, true)).toBe(true);
    expect(colourEnabled({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(colourEnabled({ FORCE_COLOR: "0" }, true)).toBe(false);
  });
});
