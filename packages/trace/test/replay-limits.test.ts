import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNoneStrategy, Runtime } from "@heaplab/runtime";
import { readIntExact } from "@heaplab/runtime/internals";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_TRACE_LIMITS,
  formatResults,
  loadTrace,
  parseTrace,
  readJson,
  replayTrace,
  type Shape,
  TraceError,
} from "../src/index";
import { trace } from "./trace-fixture";

const replay = (t: unknown, limits = DEFAULT_TRACE_LIMITS) =>
  replayTrace(parseTrace(t, limits), { createStrategy: () => createNoneStrategy(), limits });
const fileWith = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), "heaplab-limits-")), "t.json");
  writeFileSync(path, text);
  return path;
};
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TraceError);
    return (e as Error).message;
  }
  throw new Error("not refused");
};

/** A live chain `depth` lists deep in register 0: each new list holds the previous one. */
function chainOps(depth: number): unknown[] {
  const ops: unknown[] = [["list", 0, []]];
  for (let i = 1; i < depth; i++) ops.push(["list", 1, [0]], ["mov", 0, 1]);
  return ops;
}

/** Depth of a final shape, walked without recursion. */
function depthOf(s: Shape): number {
  let depth = 0;
  let at: Shape = s;
  while (at !== null && at[0] === "list") {
    depth++;
    at = at[2][0] ?? null;
  }
  return depth;
}

describe("replay limits: deep graphs, big ints, bounded input and output", () => {
  it("builds and prints the final graph of a live chain 30,000 deep without recursion, in linear size", () => {
    const depth = 30_000;
    const r = replay(trace(chainOps(depth)));
    expect(depthOf(r.final[0]!)).toBe(depth);
    const text = formatResults([r]);
    // Each level prints `["list", n, [` and `]]`: about 20 characters, never an indent that grows.
    const perLevel = text.length / depth;
    console.log(
      `final graph ${depth} deep: ${text.length} characters printed, ${perLevel.toFixed(1)} a level`,
    );
    expect(perLevel).toBeLessThan(30);
    const reread = readJson(text, DEFAULT_TRACE_LIMITS) as { final: Shape[] };
    expect(depthOf(reread.final[0]!)).toBe(depth);
  });

  it("reads, keeps and prints ints past 2^53 exactly, with CPython's digit count", () => {
    const big = 12345678901234567891n;
    const json = readJson(
      `{"v": [12345678901234567891, -9007199254740993, 9007199254740991]}`,
      DEFAULT_TRACE_LIMITS,
    );
    expect(json).toEqual({ v: [big, -9007199254740993n, 9007199254740991] });
    const r = replay(
      trace([
        ["int", 0, big],
        ["int", 1, -(2n ** 300n)],
        ["list", 2, [0, 1]],
      ]),
    );
    expect(r.final[0]).toEqual(["int", big]);
    expect(r.final[1]).toEqual(["int", -(2n ** 300n)]);
    expect(formatResults([r])).toContain(`["int", ${big}]`);
    const rt = new Runtime(createNoneStrategy());
    for (const v of [2n ** 53n, -(2n ** 62n) + 1n, 2n ** 300n, 2n ** 30n]) {
      const h = rt.newInt(v);
      expect(BigInt(readIntExact(rt.memory, rt.addressOf(h)))).toBe(v);
      // sys.getsizeof: 28 bytes for the first 30-bit digit, 4 for each one after it.
      const digits = Math.ceil((v < 0n ? -v : v).toString(2).length / 30);
      expect(rt.sizeOf(h)).toBe(28 + 4 * (digits - 1));
    }
  });

  it("names values exactly and on one line, with control characters escaped", () => {
    expect(refusal(() => parseTrace(trace([["set", 0, 12345678901234567891n, 0]])))).toBe(
      "op 0: 12345678901234567891 is too large for set",
    );
    expect(refusal(() => parseTrace(trace([["int", 0, 1.5]])))).toBe("op 0: 1.5 is not an integer");
    const m = refusal(() => parseTrace(trace([["fr\u001b[2J\nob\u0085"]])));
    expect(m).toBe('op 0: unknown op "fr\\u001b[2J\\nob\\u0085"');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the message must hold no control character.
    expect(m).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const d = refusal(() =>
      loadTrace(fileWith(`{"format": "heaplab-trace/1", "registers": ${deep}, "ops": []}`)),
    );
    expect(d.length).toBeLessThan(150);
    expect(refusal(() => loadTrace(fileWith('{"format": "heaplab-trace/1", "ops": [["list", 0')))).toMatch(
      /^not valid JSON: expected ',' or '\]', found the end of the text at line 1 column \d+$/,
    );
  });

  it("refuses a file, a string or a printed graph past its limit before the work it bounds", () => {
    const text = JSON.stringify(trace([["str", 0, "x".repeat(200)]]));
    const small = { ...DEFAULT_TRACE_LIMITS, maxFileBytes: 100 };
    expect(refusal(() => loadTrace(fileWith(text), small))).toBe(
      `trace file is ${text.length} bytes, more than the 100 a trace may have`,
    );
    const shortStrings = { ...DEFAULT_TRACE_LIMITS, maxStringChars: 100 };
    expect(refusal(() => loadTrace(fileWith(text), shortStrings))).toBe(
      "a string is longer than 100 characters",
    );
    expect(refusal(() => parseTrace(JSON.parse(text), shortStrings))).toBe(
      "op 0: a string is longer than 100 characters",
    );
    // One 1,000-character string in 64 registers prints 64,000 characters.
    const repeated = trace(
      [["str", 0, "y".repeat(1000)], ...Array.from({ length: 63 }, (_, i) => ["mov", i + 1, 0])],
      { registers: 64 },
    );
    expect(refusal(() => replay(repeated, { ...DEFAULT_TRACE_LIMITS, maxOutputChars: 10_000 }))).toBe(
      "the final object graph would print more than 10000 characters",
    );
    expect(replay(repeated).final).toHaveLength(64);
  });

  it("accepts thousands of registers", () => {
    const r = replay(
      trace(
        [
          ["list", 4999, []],
          ["len", 4999],
        ],
        { registers: 5000 },
      ),
    );
    expect(r.final).toHaveLength(5000);
    expect(r.final[4999]).toEqual(["list", 0, []]);
  });

  it("reads long strings of every width back whole", () => {
    const texts = ["a".repeat(300_000), "é€".repeat(70_000), "😀x".repeat(40_000)];
    const ops = texts.map((s, i) => ["str", i, s]);
    const r = replay(trace(ops));
    texts.forEach((s, i) => {
      expect(r.final[i]).toEqual(["str", s]);
    });
  });
});
