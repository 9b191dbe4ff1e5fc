import { Pymalloc } from "@heaplab/object-allocator";
import { RawAllocator } from "@heaplab/raw-allocator";
import { type Handle, HeaplabError, LinearMemory, OsMemory, Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { catalog } from "../../src/catalog";

/**
 * Issue 8: misuse of the API under every strategy. Each misuse is refused with an error naming what
 * is wrong; none crashes, hangs or corrupts the heap (`rt.verify()` after each), and what the program
 * holds is unchanged.
 */
const make = (name: string) =>
  new Runtime(catalog.get(name).create({ heapLimit: 64 << 20 }), { heapLimit: 64 << 20 });

/** Runs `fn`, which must throw a HeaplabError whose message matches `pattern`. */
function refused(fn: () => unknown, pattern: RegExp): HeaplabError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(HeaplabError);
  expect((thrown as Error).message).toMatch(pattern);
  return thrown as HeaplabError;
}

describe.each(catalog.names())("API misuse under %s", (name) => {
  /** A runtime holding a list [1, "two"] in a persistent handle, and a check that it still does. */
  function setup() {
    const rt = make(name);
    const keep = rt.persistent(rt.scope(() => rt.newList([rt.newInt(1), rt.newStr("two")])));
    const intact = () => {
      rt.verify();
      rt.scope(() => {
        expect(rt.len(keep)).toBe(2);
        expect(rt.intValue(rt.getItem(keep, 0))).toBe(1);
        expect(rt.strValue(rt.getItem(keep, 1))).toBe("two");
      });
    };
    return { rt, keep, intact };
  }

  it("refuses released persistent handles and handles of a closed scope, reads and writes alike", () => {
    const { rt, keep, intact } = setup();
    const p = rt.persistent(rt.scope(() => rt.newList()));
    rt.release(p);
    let scoped: Handle = 0;
    rt.scope(() => {
      scoped = rt.newDict();
    });
    for (const stale of [p, scoped]) {
      refused(() => rt.len(stale), /invalid handle .*released/);
      refused(() => rt.append(stale, keep), /invalid handle .*released/);
      refused(() => rt.append(keep, stale), /invalid handle .*released/);
      refused(() => rt.release(stale), /invalid handle .*released/); // a double release
      refused(() => rt.assign(stale, keep), /invalid handle .*released/);
      intact();
    }
    refused(() => rt.len(123456), /never issued by this runtime/);
    refused(() => rt.assign(0, keep), /None handle cannot be assigned/);
    intact();
  });

  it("refuses writes to a freed object through a stale handle, even after its slot is reused", () => {
    const { rt, keep, intact } = setup();
    const victim = rt.persistent(rt.scope(() => rt.newList([rt.newInt(7)])));
    rt.release(victim); // the object is now garbage (freed at once under reference counting)
    rt.collect();
    rt.runPendingFinalizers();
    rt.scope(() => {
      // New handles reuse the freed slot: the old handle's generation no longer matches.
      const fresh = rt.newList();
      refused(() => rt.append(victim, rt.newInt(8)), /invalid handle .*released/);
      refused(() => rt.setItem(victim, 0, keep), /invalid handle .*released/);
      expect(rt.len(fresh)).toBe(0);
    });
    intact();
  });

  it("refuses a raw address that holds no object", () => {
    const { rt, keep, intact } = setup();
    const addr = rt.addressOf(keep);
    refused(() => rt.handleAt(addr + 4), /no object at 0x/);
    refused(() => rt.handleAt(0x7ffffff8), /no object at 0x/);
    intact();
  });

  it("refuses a handle from another runtime", () => {
    const a = setup();
    const b = setup();
    // Both runtimes made the same operations, so index and generation alone would coincide.
    refused(() => b.rt.append(b.keep, a.keep), /another runtime/);
    refused(() => b.rt.len(a.keep), /another runtime/);
    a.intact();
    b.intact();
  });

  it("refuses wrong types with Python's errors, naming the type", () => {
    const { rt, keep, intact } = setup();
    rt.scope(() => {
      const t = rt.newTuple([rt.newInt(1)]);
      const i = rt.newInt(5);
      refused(() => rt.append(t, i), /expected list, got 'tuple'/);
      refused(() => rt.dictSet(keep, i, i), /expected dict, got 'list'/);
      refused(() => rt.newWeakref(keep), /cannot create weak reference to 'list' object/);
      refused(() => rt.intValue(keep), /expected int, got 'list'/);
      refused(() => rt.getItem(keep, 5), /list index 5 out of range \(len 2\)/);
      refused(() => rt.pop(rt.newList()), /pop from empty list/);
      expect(refused(() => rt.dictGet(rt.newDict(), i), /^5$/).name).toBe("KeyError");
      refused(() => rt.collect(7), /invalid generation/);
      refused(() => rt.newInt(2 ** 60), /not a safe integer/);
      refused(() => rt.len(0), /'NoneType' has no len/);
      refused(() => rt.setAttr(i, "x", i), /'int' object attributes are read-only/);
      refused(() => rt.clear(t), /'tuple' object has no clear/);
    });
    intact();
  });
});

describe("allocator misuse", () => {
  const newOs = () => {
    const mem = new LinearMemory({ limitBytes: 64 << 20 });
    return new OsMemory(mem, { limitBytes: 64 << 20 });
  };

  it("the raw allocator refuses a double free and a foreign pointer, and stays consistent", () => {
    const raw = new RawAllocator(newOs(), { debugHooks: false });
    const a = raw.malloc(1000);
    const b = raw.malloc(2000);
    raw.free(a);
    refused(() => raw.free(a), /free|not|double/i);
    refused(() => raw.free(b + 8), /free|not|block/i);
    refused(() => raw.free(0x7fff0000), /free|not|block|foreign/i);
    raw.verify();
    raw.free(b);
    raw.verify();
  });

  // As in CPython, pymalloc itself trusts its caller (a check on every free would cost the fast path);
  // its debug hooks (PYTHONMALLOC=debug) are what refuse a double free or a foreign pointer.
  it("pymalloc under its debug hooks refuses a double free and a foreign pointer, and stays consistent", () => {
    const os = newOs();
    const raw = new RawAllocator(os, { debugHooks: true });
    const obj = new Pymalloc(os, raw, { neverReleaseArenas: false });
    const a = obj.malloc(32);
    const b = obj.malloc(32);
    obj.free(a);
    refused(() => obj.free(a), /free|double/i);
    refused(() => obj.free(b + 8), /free|not|block/i);
    obj.verify();
    obj.free(b);
    obj.verify();
  });
});
