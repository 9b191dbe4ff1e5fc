import {
  ConfigError,
  type Handle,
  type HeaplabError,
  InvalidHandleError,
  PyTypeError,
  PyValueError,
  Runtime,
  type TypeInfo,
} from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { catalog } from "../../src/catalog";

/**
 * Issue 16 items 4 and 5: every plain argument of the Runtime API is checked before anything changes
 * (an integer where CPython wants an index, a number, a string where a name is asked, an array of
 * handles), and refused with a HeaplabError subclass whose message names the argument; a strategy
 * instance serves one Runtime only. After each refusal the heap verifies and what the program holds is
 * unchanged.
 */
const LIMIT = 64 << 20;
const make = (name: string) =>
  new Runtime(catalog.get(name).create({ heapLimit: LIMIT }), { heapLimit: LIMIT });

/** `fn` must throw an instance of `type` whose message matches `pattern`. */
function refused(fn: () => unknown, type: new (...a: never[]) => HeaplabError, pattern: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, String(pattern)).toBeInstanceOf(type);
  expect((thrown as Error).message).toMatch(pattern);
  expect((thrown as Error).message).not.toMatch(/\n/);
}

describe.each(catalog.names())("Runtime arguments under %s", (name) => {
  /** A runtime holding [1, "two", Node(slot a = 3)] and a check that it still does, heap verified. */
  function setup() {
    const rt = make(name);
    const Node = rt.types.register({ name: "Node", kind: "slots", slots: ["a"], weakrefable: true });
    const Obj = rt.types.register({ name: "Obj", kind: "instance" });
    const keep = rt.persistent(
      rt.scope(() => rt.newList([rt.newInt(1), rt.newStr("two"), rt.newObject(Node, [rt.newInt(3)])])),
    );
    const intact = () => {
      rt.verify();
      rt.scope(() => {
        expect(rt.len(keep)).toBe(3);
        expect(rt.intValue(rt.getItem(keep, 0))).toBe(1);
        expect(rt.strValue(rt.getItem(keep, 1))).toBe("two");
        expect(rt.intValue(rt.getSlot(rt.getItem(keep, 2), 0))).toBe(3);
      });
    };
    return { rt, keep, Node, Obj, intact };
  }

  it("refuses an index that is not an integer (pop(list, 0.5) dropped an item and returned None)", () => {
    const { rt, keep, intact } = setup();
    const bad = [0.5, Number.NaN, Number.POSITIVE_INFINITY, "0", null] as unknown as number[];
    for (const i of bad) {
      refused(() => rt.pop(keep, i), PyTypeError, /pop index must be an integer/);
      refused(() => rt.getItem(keep, i), PyTypeError, /list index must be an integer/);
      rt.scope(() => {
        const v = rt.newInt(9);
        refused(() => rt.setItem(keep, i, v), PyTypeError, /list index must be an integer/);
        refused(() => rt.getSlot(rt.getItem(keep, 2), i), PyTypeError, /slot number must be an integer/);
        refused(() => rt.setSlot(rt.getItem(keep, 2), i, v), PyTypeError, /slot number must be an integer/);
      });
      refused(() => rt.delItem(keep, i), PyTypeError, /list index must be an integer/);
      refused(() => rt.collect(i), PyTypeError, /generation must be an integer/);
      intact();
    }
  });

  it("refuses values of the wrong type for ints, floats, strs and bytes", () => {
    const { rt, intact } = setup();
    rt.scope(() => {
      refused(() => rt.newStr(123 as unknown as string), PyTypeError, /str value must be a string, not 123/);
      refused(
        () => rt.intern(null as unknown as string),
        PyTypeError,
        /str value must be a string, not null/,
      );
      refused(() => rt.newInt("5" as unknown as number), PyTypeError, /int value must be a number/);
      refused(() => rt.newInt(Number.NaN), PyValueError, /int value NaN is not a safe integer/);
      refused(() => rt.newFloat("1" as unknown as number), PyTypeError, /float value must be a number/);
      refused(() => rt.newBytes(-1), PyValueError, /bytes length must not be negative, got -1/);
      refused(() => rt.newBytes(0.5), PyTypeError, /bytes length must be an integer, not 0.5/);
      refused(() => rt.newBytes("x" as unknown as number), PyTypeError, /bytes length must be an integer/);
      // NaN and the infinities are Python floats.
      expect(Number.isNaN(rt.floatValue(rt.newFloat(Number.NaN)))).toBe(true);
    });
    intact();
  });

  it("refuses item lists, entries, names, callbacks and classes that are not what is asked", () => {
    const { rt, keep, intact } = setup();
    rt.scope(() => {
      const node = rt.getItem(keep, 2);
      const v = rt.newInt(5);
      refused(
        () => rt.newList(null as unknown as Handle[]),
        PyTypeError,
        /list items must be an array of handles, not null/,
      );
      refused(() => rt.newTuple(7 as unknown as Handle[]), PyTypeError, /tuple items must be an array/);
      refused(() => rt.newSet(null as unknown as Handle[]), PyTypeError, /set items must be an array/);
      refused(() => rt.newSet([v, 0]), PyTypeError, /sets do not hold None/);
      refused(() => rt.newDict(null as unknown as []), PyTypeError, /dict entries must be an array/);
      refused(() => rt.newDict([[v]] as unknown as [Handle, Handle][]), PyTypeError, /\[key, value\] pairs/);
      refused(() => rt.newDict([[0, v]]), PyTypeError, /do not take None as a key/);
      refused(() => rt.getAttr(node, 5 as unknown as string), PyTypeError, /attribute name must be a string/);
      refused(
        () => rt.setAttr(node, null as unknown as string, v),
        PyTypeError,
        /attribute name must be a string/,
      );
      refused(
        () => rt.newWeakref(node, 5 as unknown as () => void),
        PyTypeError,
        /weakref callback must be a function/,
      );
      refused(() => rt.newObject({} as TypeInfo), PyTypeError, /registered with this runtime/);
      refused(
        () => rt.newObject(make("none").types.byName("int")!),
        PyTypeError,
        /registered with this runtime/,
      );
      refused(() => rt.scope(5 as unknown as () => void), PyTypeError, /scope body must be a function/);
      refused(() => rt.handleAt(0.5), PyTypeError, /address must be an integer/);
      refused(() => rt.closeScope(1e9), PyValueError, /not the mark of an open scope/);
    });
    intact();
  });

  it("refuses handles that are not whole numbers, instead of reading the slot they alias", () => {
    const { rt, keep, intact } = setup();
    for (const h of [keep + 0.5, Number.NaN, `${keep}`] as unknown as Handle[]) {
      refused(() => rt.len(h), InvalidHandleError, /a handle is a whole number/);
      refused(() => rt.append(keep, h), InvalidHandleError, /a handle is a whole number/);
      intact();
    }
  });

  it("refuses bad Runtime options and fault-injector arguments with ConfigError", () => {
    const { rt, intact } = setup();
    const create = () => catalog.get(name).create({ heapLimit: LIMIT });
    refused(
      () => new Runtime(create(), { heapLimit: Number.NaN }),
      ConfigError,
      /heapLimit must be a whole number/,
    );
    refused(() => new Runtime(create(), { heapLimit: -1 }), ConfigError, /heapLimit .* not -1/);
    refused(
      () => new Runtime(create(), { heapLmit: 5 } as never),
      ConfigError,
      /unknown Runtime option 'heapLmit'/,
    );
    refused(() => rt.faults.arm("bogus" as never, 1), ConfigError, /unknown fault site "bogus"/);
    refused(() => rt.faults.arm("object", 0), ConfigError, /positive whole number, not 0/);
    // Nothing was armed: the next allocations succeed.
    rt.scope(() => {
      for (let i = 0; i < 10; i++) rt.newList();
    });
    intact();
  });

  it("refuses gc.set_threshold arguments that are not C ints, thresholds unchanged", () => {
    const { rt, intact } = setup();
    const gc = rt.strategy.gc;
    if (gc === undefined) return;
    const before = gc.getThreshold();
    refused(
      () => gc.setThreshold(Number.NaN, "x" as never, null as never),
      PyTypeError,
      /threshold0 must be an integer/,
    );
    refused(
      () => gc.setThreshold(5, "x" as never),
      PyTypeError,
      /threshold1 must be an integer, not string "x"/,
    );
    refused(() => gc.setThreshold(2 ** 40), PyValueError, /does not fit in a C int/);
    refused(() => gc.setDebug(0.5), PyTypeError, /flags must be an integer/);
    expect(gc.getThreshold()).toEqual(before);
    intact();
  });

  it("refuses a strategy instance already attached to another Runtime, first heap intact", () => {
    const strategy = catalog.get(name).create({ heapLimit: LIMIT });
    const r1 = new Runtime(strategy, { heapLimit: LIMIT });
    const keep = r1.persistent(r1.scope(() => r1.newList([r1.newInt(1)])));
    refused(
      () => new Runtime(strategy, { heapLimit: LIMIT }),
      ConfigError,
      /already attached to another Runtime/,
    );
    r1.scope(() => {
      for (let i = 0; i < 100; i++) r1.append(keep, r1.newStr(`s${i}`));
    });
    r1.collect();
    r1.verify();
    expect(r1.scope(() => r1.len(keep))).toBe(101);
  });
});
