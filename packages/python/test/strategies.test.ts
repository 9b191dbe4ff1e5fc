import { describe, expect, it } from "vitest";
import {
  catalog,
  differingLines,
  expectedOutput,
  haveShared,
  programSource,
  run,
  sharedPrograms,
} from "./helpers";

/**
 * Every shared program under every other strategy runs to the end. Where the output differs from
 * CPython's, the difference must be one the strategy explains: the program observes memory management
 * (reference counts, `__del__` timing, weak references, the gc module, sizes), which a strategy without
 * reference counts or with another collector answers differently. A program that observes none of it
 * must print exactly CPython's output.
 */
const OBSERVES_MEMORY = /sys\.getrefcount|sys\.getsizeof|__del__|weakref|gc\.|tracemalloc/;

describe.skipIf(!haveShared)("shared programs under every strategy", () => {
  const strategies = catalog.names().filter((n) => n !== "cpython-3.11");
  for (const strategy of strategies) {
    it(`${strategy} runs every program to the end`, () => {
      const table: string[] = [];
      for (const name of sharedPrograms()) {
        const src = programSource(name);
        const r = run(src, strategy, `${name}.py`);
        expect(r.exitCode, `${name}: ${r.stderr}`).toBe(0);
        const diff = differingLines(expectedOutput(name), r.stdout);
        if (diff.length > 0) expect(OBSERVES_MEMORY.test(src), `${name} differs at ${diff}`).toBe(true);
        table.push(`${name}:${diff.length === 0 ? "same" : diff.join(",")}`);
        r.rt.verify();
      }
      console.log(`${strategy}: ${table.join("  ")}`);
    });
  }
});
