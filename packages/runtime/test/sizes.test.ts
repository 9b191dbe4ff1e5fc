import { describe, expect, it } from "vitest";
import { createNoneStrategy, Runtime, type Strategy, type TypeInfo } from "../src/index";

/**
 * A strategy whose header is CPython 3.11's: the refcount word, plus `PyGC_Head` for GC types. The
 * sizes then must equal `sys.getsizeof` on 64-bit CPython 3.11 (values measured with python3 3.11.7).
 */
function cpythonSized(): Strategy {
  const s = createNoneStrategy();
  s.prefixBytes = (t: TypeInfo) => 8 + (t.gc ? 16 : 0);
  return s;
}

describe("object sizes are CPython 3.11's", () => {
  const rt = new Runtime(cpythonSized(), { heapLimit: 16 << 20 });
  const Node = rt.types.register({
    name: "Node",
    kind: "slots",
    slots: ["a", "b", "c", "d"],
    weakrefable: true,
  });
  const Fin = rt.types.register({
    name: "Fin",
    kind: "slots",
    slots: ["tag", "d", "c", "b", "a"],
    weakrefable: true,
  });
  const Two = rt.types.register({ name: "Two", kind: "slots", slots: ["a", "b"] });
  const Plain = rt.types.register({ name: "Plain", kind: "instance" });

  it.each([
    ["[]", () => rt.newList(), 56],
    ["()", () => rt.newTuple([]), 40],
    ["(1,)", () => rt.newTuple([rt.newInt(1)]), 48],
    ["{}", () => rt.newDict(), 64],
    ["{1: 1}", () => rt.newDict([[rt.newInt(1), rt.newInt(1)]]), 224],
    ["{'a': 1}", () => rt.newDict([[rt.newStr("a"), rt.newInt(1)]]), 184],
    ["set()", () => rt.newSet(), 216],
    ["1", () => rt.newInt(1), 28],
    ["0", () => rt.newInt(0), 28],
    ["2**30", () => rt.newInt(2 ** 30), 32],
    ["2**53 - 1", () => rt.newInt(2 ** 53 - 1), 32],
    ["1.5", () => rt.newFloat(1.5), 24],
    ["''", () => rt.newStr(""), 49],
    ["'a'", () => rt.newStr("a"), 50],
    ["'é'", () => rt.newStr("é"), 74],
    ["'ā'", () => rt.newStr("ā"), 76],
    ["'😀'", () => rt.newStr("😀"), 80],
    ["b''", () => rt.newBytes(0), 33],
    ["Node()", () => rt.newObject(Node), 72],
    ["Fin()", () => rt.newObject(Fin), 80],
    ["2-slot instance", () => rt.newObject(Two), 48],
    ["plain instance", () => rt.newObject(Plain), 56],
    ["weakref.ref(node)", () => rt.newWeakref(rt.newObject(Node)), 80],
  ])("sys.getsizeof(%s)", (_name, make, size) => {
    rt.scope(() => expect(rt.sizeOf(make())).toBe(size));
  });

  it("a list's item array grows as list_resize grows it", () => {
    // python3 -c "l=[]; [print((sys.getsizeof(l)-56)//8) for i in range(40) if not l.append(i)]"
    const expected = [4, 4, 4, 4, 8, 8, 8, 8, 16, 16, 16, 16, 16, 16, 16, 16, 24, 24, 24, 24, 24, 24, 24, 24];
    rt.scope(() => {
      const l = rt.newList();
      const seen = expected.map(() => {
        rt.append(l, rt.newInt(7));
        return (rt.sizeOf(l) - 56) / 8;
      });
      expect(seen).toEqual(expected);
    });
  });

  it("a literal [1, 2, 3] has exactly three item slots", () => {
    rt.scope(() => expect(rt.sizeOf(rt.newList([rt.newInt(1), rt.newInt(2), rt.newInt(3)]))).toBe(56 + 24));
  });
});
