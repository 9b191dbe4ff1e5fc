import { describe, expect, it } from "vitest";
import { createNoneStrategy, InvalidHandleError, Runtime } from "../src/index";

// Regression (issue 8's misuse tests): append grew the list before reading its stale value handle, so
// the refused call still added a None; dictSet stored the key before reading the value. A refused
// call must change nothing.
describe("a stale handle passed as a value", () => {
  it("is refused before the operation changes anything", () => {
    const rt = new Runtime(createNoneStrategy(), { heapLimit: 4 << 20 });
    const stale = rt.scope(() => rt.persistent(rt.newList()));
    rt.release(stale);
    rt.scope(() => {
      const list = rt.newList([rt.newInt(1)]);
      const dict = rt.newDict();
      const Node = rt.types.register({ name: "Node", kind: "slots", slots: ["a"] });
      const Obj = rt.types.register({ name: "Obj", kind: "instance" });
      const obj = rt.newObject(Obj);
      expect(() => rt.append(list, stale)).toThrow(InvalidHandleError);
      expect(rt.len(list)).toBe(1);
      expect(() => rt.dictSet(dict, rt.newStr("k"), stale)).toThrow(InvalidHandleError);
      expect(rt.len(dict)).toBe(0);
      expect(() => rt.setAttr(obj, "x", stale)).toThrow(InvalidHandleError);
      expect(rt.attributeNames(Obj)).toEqual([]);
      const before = rt.allocations;
      expect(() => rt.newTuple([rt.newInt(1), stale])).toThrow(InvalidHandleError);
      expect(() => rt.newList([stale])).toThrow(InvalidHandleError);
      expect(() => rt.newObject(Node, [stale])).toThrow(InvalidHandleError);
      expect(rt.allocations).toBe(before + 1); // only the int
      rt.verify();
    });
  });
});
