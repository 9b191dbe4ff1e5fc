import { describe, expect, it } from "vitest";
import { objectLife } from "../src/lab/object-life";
import { EventKind, type Recording } from "../src/record/recording";
import { recorded } from "./recorded-run";

/** Rows that allocated an object of a type named `name`. */
function allocsOf(r: Recording, name: string, limit: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < r.length && rows.length < limit; i++)
    if (r.kind[i] === EventKind.alloc && r.typeNames[r.type[i]!] === name) rows.push(i);
  return rows;
}

describe("one object's life, traced through the recording", () => {
  it("cycles under cpython-3.11 die in a collection; the same cycles under refcount never die", () => {
    for (const [strategy, dieInGc] of [
      ["cpython-3.11", true],
      ["refcount", false],
    ] as const) {
      const { recording: r } = recorded(strategy, "list-cycle", { count: 2000 });
      const rows = allocsOf(r, "list", 50);
      expect(rows.length).toBe(50);
      let died = 0;
      for (const a of rows) {
        const life = objectLife(r, a, r.addr[a]!)!;
        expect(life.allocatedAt).toBe(a);
        expect(r.typeNames[life.typeId]).toBe("list");
        if (life.freedAt < 0) continue;
        died++;
        expect(r.kind[life.freedAt]).toBe(EventKind.free);
        expect(r.addr[life.freedAt]).toBe(r.addr[a]);
        expect(life.freedInCollection >= 0).toBe(true);
        // Asked about any moment of its life, the answer is the same object.
        const mid = Math.floor((a + life.freedAt) / 2);
        expect(objectLife(r, mid, r.addr[a]! + 8)?.allocatedAt).toBe(a);
        // After its free, nothing is there until something else is allocated on it.
        const after = objectLife(r, life.freedAt, r.addr[a]!);
        expect(after).toBeNull();
      }
      expect(died > 0).toBe(dieInGc);
    }
  });

  it("under cpython-3.11 the objects of a cycle with __del__ die inside a collection", () => {
    const { recording: r } = recorded("cpython-3.11", "del-resources", { iterations: 2000 });
    let inGc = 0;
    for (const a of allocsOf(r, "FileHandle", 40)) {
      const life = objectLife(r, a, r.addr[a]!)!;
      if (life.freedAt < 0) continue;
      expect(life.freedInCollection).toBeGreaterThanOrEqual(0);
      const c = life.freedInCollection;
      expect(r.gcStartEvent[c]!).toBeLessThan(life.freedAt);
      expect(r.gcEndEvent[c]!).toBeGreaterThan(life.freedAt);
      inGc++;
    }
    expect(inGc).toBeGreaterThan(0);
  });

  it("under cpython-3.11 an evicted cache entry dies when its count reaches zero", () => {
    const { recording: r } = recorded("cpython-3.11", "lru-cache", { operations: 6000 });
    let outside = 0;
    for (let i = 0; i < r.length && outside < 20; i++) {
      if (r.kind[i] !== EventKind.free) continue;
      const life = objectLife(r, i - 1, r.addr[i]!);
      if (life === null || life.freedAt !== i) continue;
      const c = life.freedInCollection;
      if (c >= 0) continue;
      // No collection was running then.
      for (let k = 0; k < r.gcStartEvent.length; k++)
        expect(i > r.gcStartEvent[k]! && i < r.gcEndEvent[k]!).toBe(false);
      outside++;
    }
    expect(outside).toBe(20);
  });

  it("under mark-compact an object is followed through its moves", () => {
    const { recording: r } = recorded("mark-compact", "lru-cache", { operations: 3000 });
    let followed = 0;
    for (let i = 0; i < r.length && followed < 20; i++) {
      if (r.kind[i] !== EventKind.move) continue;
      const life = objectLife(r, i, r.addr[i]!)!;
      expect(life.movedAt).toContain(i);
      expect(r.kind[life.allocatedAt]).toBe(EventKind.alloc);
      // Each move starts where the one before left it.
      let at = r.addr[life.allocatedAt]!;
      for (const m of life.movedAt) {
        expect(r.arg[m]).toBe(at);
        at = r.addr[m]!;
      }
      if (life.freedAt >= 0) expect(r.addr[life.freedAt]).toBe(at);
      followed++;
    }
    expect(followed).toBe(20);
  });
});
