import { PyTypeError, Runtime, TypeId } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { createRefcountStrategy } from "../src";
import {
  GC_PREFIX,
  K_LIST,
  K_SLOTS,
  PLAIN_PREFIX,
  TT_FINALIZER,
  TT_KIND,
  TT_PREFIX,
  TT_SLOTS,
  TT_STRIDE,
  TT_WEAKLIST,
} from "../src/internals";

describe("the type table: one dense row per type, written at registration", () => {
  it("holds a row for every builtin once attached, and for a class the moment it is registered", () => {
    const heap = createRefcountStrategy();
    const rt = new Runtime(heap);
    const rows = () => heap.typeTable.rows;
    expect(rows()[TypeId.list * TT_STRIDE + TT_KIND]).toBe(K_LIST);
    expect(rows()[TypeId.list * TT_STRIDE + TT_PREFIX]).toBe(GC_PREFIX);
    expect(rows()[TypeId.int * TT_STRIDE + TT_PREFIX]).toBe(PLAIN_PREFIX);
    // Enough classes to make the table grow past its first size.
    const types = Array.from({ length: 40 }, (_, i) =>
      rt.types.register({
        name: `C${i}`,
        kind: "slots",
        slots: Array.from({ length: i % 5 }, (_, k) => `s${k}`),
        weakrefable: i % 2 === 0,
        finalizer: i % 3 === 0 ? () => {} : null,
      }),
    );
    for (const t of types) {
      // Read before any object of the type exists: nothing is learned on first sight.
      const row = t.id * TT_STRIDE;
      expect(rows()[row + TT_KIND]).toBe(K_SLOTS);
      expect(rows()[row + TT_SLOTS]).toBe(t.slots.length);
      expect(rows()[row + TT_FINALIZER]).toBe(t.finalizer !== null ? 1 : 0);
      expect(rows()[row + TT_WEAKLIST]).toBe(t.weaklistOffset);
    }
    const last = types[types.length - 1]!;
    const obj = rt.newObject(last);
    expect(heap.kindOf(rt.addressOf(obj))).toBe(K_SLOTS);
    expect(heap.slotCountOf(rt.addressOf(obj))).toBe(last.slots.length);
    rt.verify();
  });

  it("refuses a type word no registered type has", () => {
    const heap = createRefcountStrategy();
    const rt = new Runtime(heap);
    const h = rt.newList();
    const addr = rt.addressOf(h);
    const word = heap.memory.u32[addr >>> 2]!;
    heap.memory.u32[addr >>> 2] = 5000;
    expect(() => heap.kindOf(addr)).toThrow(PyTypeError);
    expect(() => heap.slotCountOf(addr)).toThrow(PyTypeError);
    heap.memory.u32[addr >>> 2] = word;
  });
});
