import { createNoneStrategy, HeaplabError, type Runtime } from "@heaplab/runtime";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTrace, replayTrace, TraceError } from "../src/index";

const NAMES = [
  "list",
  "tuple",
  "dict",
  "node",
  "fin",
  "int",
  "str",
  "weakref",
  "deref",
  "set",
  "get",
  "append",
  "pop",
  "clear",
  "mov",
  "del",
  "resurrect",
  "collect",
  "count",
  "refcount",
  "tracked",
  "finalized",
  "alive",
  "len",
  "is",
  "log",
  "garbage",
  "freeze",
  "unfreeze",
  "threshold",
  "saveall",
  "enable",
  "disable",
  "freeze_count",
  "frob",
];

/** Anything JSON can hold, biased towards values near the valid ranges. */
const junk: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.integer({ min: -3, max: 12 }),
    fc.constantFrom(2 ** 31, -(2 ** 53), 1e300, 0.5, Number.NaN),
    fc.string({ maxLength: 4 }),
    fc.constant(null),
    fc.boolean(),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 3 }), tie("value"), { maxKeys: 2 }),
  ),
})).value;

/** Ops that are usually well formed, sometimes not. */
const op = fc.oneof(
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...NAMES), fc.array(junk, { maxLength: 4 }))
      .map(([n, args]) => [n, ...args]),
    weight: 1,
  },
  {
    arbitrary: fc.tuple(
      fc.constantFrom("list", "tuple", "node"),
      fc.integer({ min: 0, max: 7 }),
      fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 5 }),
    ),
    weight: 12,
  },
  {
    arbitrary: fc.tuple(
      fc.constantFrom("set", "get"),
      fc.integer({ min: 0, max: 7 }),
      fc.integer({ min: -2, max: 6 }),
      fc.integer({ min: 0, max: 7 }),
    ),
    weight: 12,
  },
  {
    arbitrary: fc.tuple(
      fc.constant("weakref"),
      fc.integer({ min: 0, max: 7 }),
      fc.integer({ min: 0, max: 7 }),
      fc.option(fc.string({ maxLength: 2 })),
    ),
    weight: 12,
  },
  {
    arbitrary: fc.tuple(
      fc.constantFrom("append", "mov", "is", "deref"),
      fc.integer({ min: 0, max: 7 }),
      fc.integer({ min: 0, max: 7 }),
    ),
    weight: 12,
  },
  {
    arbitrary: fc.tuple(
      fc.constantFrom("del", "pop", "clear", "len", "alive", "refcount", "tracked", "finalized"),
      fc.integer({ min: 0, max: 7 }),
    ),
    weight: 12,
  },
  {
    arbitrary: fc.tuple(
      fc.constant("dict"),
      fc.integer({ min: 0, max: 7 }),
      fc.array(fc.tuple(fc.integer({ min: -1, max: 300 }), fc.integer({ min: 0, max: 7 })), { maxLength: 3 }),
    ),
    weight: 12,
  },
  {
    arbitrary: fc.tuple(
      fc.constant("fin"),
      fc.integer({ min: 0, max: 7 }),
      fc.string({ maxLength: 2 }),
      fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 4 }),
    ),
    weight: 12,
  },
  {
    arbitrary: fc.tuple(
      fc.constant("resurrect"),
      fc.string({ maxLength: 2 }),
      fc.integer({ min: 0, max: 7 }),
    ),
    weight: 12,
  },
  { arbitrary: fc.tuple(fc.constant("collect"), fc.integer({ min: -1, max: 3 })), weight: 12 },
);

describe("hostile traces", () => {
  it("are refused with a TraceError naming the op, or replayed with the heap verified after every op", () => {
    let replayed = 0;
    let refusedLate = 0;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.integer({ min: 6, max: 8 }), (ops, registers) => {
        const json = { format: "heaplab-trace/1", name: "hostile", registers, ops };
        let rt: Runtime | undefined;
        try {
          const trace = parseTrace(json);
          refusedLate++;
          replayTrace(trace, {
            createStrategy: () => createNoneStrategy(),
            heapLimit: 8 << 20,
            afterOp: (r) => {
              rt = r;
              r.verify();
            },
          });
          replayed++;
          refusedLate--;
        } catch (e) {
          // Only a TraceError that names an op (or the trace) is an acceptable refusal.
          expect(e).toBeInstanceOf(TraceError);
          expect((e as Error).message).toMatch(/^(op \d+: |'registers'|trace has no|not a heaplab)/);
        }
        rt?.verify();
      }),
      { numRuns: 400, seed: 20261122 },
    );
    // The generator must reach the replay loop often, both to the end and to a refusal mid-way.
    expect(replayed).toBeGreaterThan(40);
    expect(refusedLate).toBeGreaterThan(40);
  });

  it("refuse malformed top-level values without throwing anything but TraceError", () => {
    fc.assert(
      fc.property(junk, (value) => {
        try {
          parseTrace(value);
        } catch (e) {
          expect(e).toBeInstanceOf(TraceError);
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("a deep chain of nested lists is built and torn down without overflowing the stack", () => {
    const ops: unknown[] = [["list", 0, []]];
    for (let i = 0; i < 5000; i++) ops.push(["list", 0, [0]]);
    ops.push(["del", 0], ["collect", 2]);
    const r = replayTrace(parseTrace({ format: "heaplab-trace/1", name: "deep", registers: 1, ops }), {
      createStrategy: () => createNoneStrategy(),
    });
    expect(r.final).toEqual([null]);
  });

  it("a weak reference cycle and a weak reference to a list", () => {
    const cyc = parseTrace({
      format: "heaplab-trace/1",
      registers: 3,
      ops: [
        ["node", 0, []],
        ["weakref", 1, 0, "w"],
        ["set", 0, 0, 1],
        ["weakref", 2, 0, null],
        ["del", 0],
        ["collect", 2],
        ["alive", 1],
      ],
    });
    expect(() => replayTrace(cyc, { createStrategy: () => createNoneStrategy() })).not.toThrow();
    const toList = parseTrace({
      format: "heaplab-trace/1",
      registers: 2,
      ops: [
        ["list", 0, []],
        ["weakref", 1, 0, null],
      ],
    });
    expect(() => replayTrace(toList, { createStrategy: () => createNoneStrategy() })).toThrow(
      new TraceError("TypeError: cannot create weak reference to 'list' object", 1),
    );
  });

  it("huge sizes and a full heap end in MemoryError, not a crash", () => {
    const ops: unknown[] = [["list", 0, []]];
    for (let i = 0; i < 20000; i++) ops.push(["str", 1, "x".repeat(200)], ["append", 0, 1]);
    expect(() =>
      replayTrace(parseTrace({ format: "heaplab-trace/1", registers: 2, ops }), {
        createStrategy: () => createNoneStrategy(),
        heapLimit: 1 << 20,
      }),
    ).toThrow(HeaplabError);
  });
});
