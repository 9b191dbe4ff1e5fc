import { LIST_ITEMS } from "@heaplab/runtime/internals";
import { describe, expect, it } from "vitest";
import {
  ModelMismatch,
  type Op,
  Runner,
  runProgram,
} from "../../../../packages/runtime/test/support/mutator-model";
import { catalog } from "../../src/catalog";

/**
 * Shrunk counterexamples of the mutator fuzzer, each named for what broke, replayed under every
 * strategy; and proof that the fuzzer's checks can fail.
 */
const REGRESSIONS: Record<string, Op[]> = {
  // set.clear() zeroed 16 bytes too few: the last smalltable entry (int 7 hashes to slot 7) kept its
  // key, so the verifier counted a reference the refcount no longer held.
  "set.clear() empties the last smalltable entry": [
    { op: "set", dst: 0 },
    { op: "add", set: 0, key: { int: 7 } },
    { op: "clear", dst: 0 },
    { op: "append", list: 0, item: 0 },
  ],
};

describe.each(catalog.names())("fuzzer regressions under %s", (name) => {
  it.each(Object.keys(REGRESSIONS))("%s", (title) => {
    runProgram(catalog.get(name).create, REGRESSIONS[title]!);
  });
});

describe("the fuzzer's checks", () => {
  it("catch a list item overwritten behind the runtime's back", () => {
    const r = new Runner(catalog.get("mark-sweep").create);
    r.step({ op: "leaf", dst: 1, value: { int: 5000 } });
    r.step({ op: "leaf", dst: 2, value: { str: "a" } });
    r.step({ op: "list", dst: 0, items: [1] });
    r.checkAll("setup");
    // Point the list's item at the str: the model still says int 5000.
    const list = r.rt.addressOf(r.R[0]!);
    const items = r.rt.memory.u32[(list + LIST_ITEMS) >>> 2]!;
    r.rt.memory.u32[items >>> 2] = r.rt.addressOf(r.R[2]!);
    expect(() => r.checkAll("corruption")).toThrow(ModelMismatch);
  });

  it("catch a refusal the runtime does not make", () => {
    const r = new Runner(catalog.get("none").create);
    r.step({ op: "list", dst: 0, items: [] });
    // Appending to a list succeeds; the model is told it is a tuple, so it expects TypeError.
    (r.m.objs[r.m.regs[0]!] as { kind: string }).kind = "tuple";
    expect(() => r.step({ op: "append", list: 0, item: 0 })).toThrow(/expected TypeError, got success/);
  });
});
