import { statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILT_BIN, builtIsFresh, cliNodeArgs, ROOT } from "../../../../scripts/cli-entry.mjs";

describe("which heaplab command runs", () => {
  it("the build only while it is newer than every source, else the sources", () => {
    if (!builtIsFresh()) {
      // No fresh build here (CI builds first): the sources run.
      expect(cliNodeArgs()).toContain("--conditions=@heaplab/source");
      return;
    }
    expect(cliNodeArgs()).toEqual([BUILT_BIN]);
    // A source edited after the build (its modification time moved past the build's) makes the build
    // stale; the file's contents are not touched and its time is put back.
    const source = join(ROOT, "packages/runtime/src/errors.ts");
    const { atime, mtime } = statSync(source);
    try {
      const later = new Date(statSync(BUILT_BIN).mtimeMs + 60_000);
      utimesSync(source, later, later);
      expect(builtIsFresh()).toBe(false);
      expect(cliNodeArgs().at(-1)).toBe(join(ROOT, "apps/cli/src/bin.ts"));
    } finally {
      utimesSync(source, atime, mtime);
    }
    expect(builtIsFresh()).toBe(true);
  });
});
