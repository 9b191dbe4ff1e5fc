import { describe, expect, it } from "vitest";
import { CPythonFreeLists, FreeList, InternTable, SmallIntCache } from "../src";

describe("FreeList", () => {
  it("is a bounded LIFO stack", () => {
    const f = new FreeList("x", 3);
    expect(f.pop()).toBe(0);
    expect([f.push(10), f.push(20), f.push(30), f.push(40)]).toEqual([true, true, true, false]);
    expect(f.size).toBe(3);
    expect(f.pop()).toBe(30);
    const seen: number[] = [];
    expect(f.clear((a) => seen.push(a))).toBe(2);
    expect(seen).toEqual([20, 10]);
  });
});

describe("CPythonFreeLists (3.11 limits)", () => {
  it("keeps at most 100 floats, 80 lists, 80 dicts, 2000 tuples per size", () => {
    const fl = new CPythonFreeLists();
    let kept = 0;
    for (let i = 1; i <= 150; i++) if (fl.pushFloat(i * 16)) kept++;
    expect(kept).toBe(100);
    kept = 0;
    for (let i = 1; i <= 100; i++) if (fl.pushList(i * 16)) kept++;
    expect(kept).toBe(80);
    kept = 0;
    for (let i = 1; i <= 100; i++) if (fl.pushDict(i * 16)) kept++;
    expect(kept).toBe(80);
    kept = 0;
    for (let i = 1; i <= 2100; i++) if (fl.pushTuple(3, i * 16)) kept++;
    expect(kept).toBe(2000);
    expect(fl.context.capacity).toBe(255);
    expect(fl.asyncGenValue.capacity).toBe(80);
    expect(fl.asyncGenAsend.capacity).toBe(80);
  });

  it("saves tuples of 1..20 items but reuses only sizes below 20 (gh-121439)", () => {
    const fl = new CPythonFreeLists();
    expect(fl.pushTuple(0, 16)).toBe(false);
    expect(fl.pushTuple(21, 16)).toBe(false);
    expect(fl.pushTuple(20, 32)).toBe(true);
    expect(fl.popTuple(20)).toBe(0);
    expect(fl.tuples[19]!.size).toBe(1);
    expect(fl.pushTuple(19, 48)).toBe(true);
    expect(fl.popTuple(19)).toBe(48);
  });

  it("keeps dict keys only for 8-slot unicode keys", () => {
    const fl = new CPythonFreeLists();
    expect(fl.pushDictKeys(16, 3, false)).toBe(false);
    expect(fl.pushDictKeys(16, 4, true)).toBe(false);
    expect(fl.pushDictKeys(16, 3, true)).toBe(true);
    expect(fl.popDictKeys(3, false)).toBe(0);
    expect(fl.popDictKeys(3, true)).toBe(16);
  });

  it("clear() releases everything in clear_freelists order: tuples, floats, lists, dicts, keys, async gen, contexts", () => {
    const fl = new CPythonFreeLists();
    fl.context.push(0x70);
    fl.pushDictKeys(0x60, 3, true);
    fl.pushDict(0x50);
    fl.pushList(0x40);
    fl.pushFloat(0x30);
    fl.pushTuple(2, 0x20);
    fl.pushTuple(1, 0x10);
    fl.asyncGenValue.push(0x80);
    const order: string[] = [];
    expect(fl.clear((a, kind) => order.push(`${kind}:${a.toString(16)}`))).toBe(8);
    expect(order).toEqual([
      "tuple:10",
      "tuple:20",
      "float:30",
      "list:40",
      "dict:50",
      "dict-keys:60",
      "async-gen-value:80",
      "context:70",
    ]);
    expect(fl.totalKept).toBe(0);
  });
});

describe("SmallIntCache", () => {
  it("holds the 262 ints -5..256", () => {
    const cache = new SmallIntCache();
    const values: number[] = [];
    cache.fill((v) => {
      values.push(v);
      return 0x10000 + (v + 5) * 32;
    });
    expect(values.length).toBe(262);
    expect(values[0]).toBe(-5);
    expect(values.at(-1)).toBe(256);
    expect(cache.filled).toBe(true);
    expect(cache.get(-5)).toBe(0x10000);
    expect(cache.get(256)).toBe(0x10000 + 261 * 32);
    expect(cache.get(257)).toBe(0);
    expect(cache.get(-6)).toBe(0);
    expect(cache.valueAt(cache.get(7))).toBe(7);
    expect(cache.isCached(cache.get(0))).toBe(true);
  });
});

describe("InternTable (3.11: mortal interned strings)", () => {
  it("returns the canonical string and forgets it when it dies", () => {
    const t = new InternTable();
    expect(t.intern("spam", 0x100)).toBe(0x100);
    expect(t.intern("spam", 0x200)).toBe(0x100);
    expect(t.isInterned(0x200)).toBe(false);
    expect(t.remove(0x100)).toBe(true);
    expect(t.lookup("spam")).toBe(0);
    expect(t.intern("spam", 0x200)).toBe(0x200);
    expect(InternTable.isNameLike("foo_bar1")).toBe(true);
    expect(InternTable.isNameLike("foo bar")).toBe(false);
  });
});
