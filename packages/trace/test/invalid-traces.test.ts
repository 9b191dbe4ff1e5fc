import { createNoneStrategy, type Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { parseTrace, replayTrace, TraceError } from "../src/index";
import { trace } from "./trace-fixture";

const replay = (ops: unknown[]) =>
  replayTrace(parseTrace(trace(ops)), { createStrategy: () => createNoneStrategy() });

describe("invalid traces are refused with the op's index", () => {
  it.each([
    [[["frob", 0]], 'op 0: unknown op "frob"'],
    [
      [
        ["list", 0, []],
        ["list", 9, [0]],
      ],
      "op 1: register 9 is not a register (0..3)",
    ],
    [[["list", 0, [7]]], "op 0: source register 7 is not a register (0..3)"],
    [[["tuple", 0, [0, 0, 0, 0, 0]]], "op 0: a tuple has at most 4 items, got 5"],
    [[["collect", 3]], "op 0: generation must be 0, 1 or 2"],
    [[["dict", 0, [[300, 1]]]], "op 0: dict key 300 is not an int from 0 to 255"],
    [[["del"]], "op 0: del takes 1 argument(s), got 0"],
    [["list"], "op 0: an op is a non-empty array whose first item is its name"],
  ])("%j", (ops, message) => {
    expect(() => parseTrace(trace(ops))).toThrow(
      new TraceError(message.replace(/^op \d+: /, ""), Number(/^op (\d+)/.exec(message)![1])),
    );
  });

  it("refuses what is not a trace", () => {
    expect(() => parseTrace([])).toThrow("a trace is a JSON object");
    expect(() => parseTrace({ format: "other" })).toThrow('not a heaplab-trace/1 trace (format is "other")');
    expect(() => parseTrace(trace([], { registers: 0 }))).toThrow(
      "'registers' must be an integer from 1 to 1048576, not 0",
    );
  });

  it.each([
    [
      [
        ["list", 0, []],
        ["weakref", 1, 0, null],
      ],
      "op 1: TypeError: cannot create weak reference to 'list' object",
    ],
    [
      [
        ["list", 0, []],
        ["set", 0, 3, 0],
      ],
      "op 1: IndexError: list index 3 out of range (len 0)",
    ],
    [
      [
        ["node", 0, []],
        ["get", 1, 0, 4],
      ],
      "op 1: slot index 4 is out of range (0..3)",
    ],
    [
      [
        ["dict", 0, []],
        ["get", 1, 0, 5],
      ],
      "op 1: KeyError: 5",
    ],
    [
      [
        ["node", 0, []],
        ["len", 0],
      ],
      "op 1: register 0 holds 'Node', which has no len()",
    ],
    [
      [
        ["list", 0, []],
        ["alive", 0],
      ],
      "op 1: register 0 holds 'list', which is not a weak reference",
    ],
    [
      [
        ["tuple", 0, []],
        ["append", 0, 0],
      ],
      "op 1: register 0 holds 'tuple', which has no append()",
    ],
  ])("refuses at replay time: %j", (ops, message) => {
    expect(() => replay(ops)).toThrow(message);
  });

  it("leaves the heap consistent after a refused op", () => {
    let seen: Runtime | undefined;
    expect(() =>
      replayTrace(
        parseTrace(
          trace([
            ["list", 0, []],
            ["list", 1, [0, 0]],
            ["set", 1, 5, 0],
          ]),
        ),
        {
          createStrategy: () => createNoneStrategy(),
          afterOp: (rt) => {
            seen = rt;
          },
        },
      ),
    ).toThrow(TraceError);
    seen!.verify();
  });
});
