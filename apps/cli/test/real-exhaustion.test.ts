import { type Handle, MemoryError, Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { catalog } from "../src/catalog";

/**
 * Issue 16's real exhaustion, beside the injected-fault sweep (fault-sweep.test.ts): no fault is armed;
 * the program fills the heap until the limit refuses it, then keeps allocating short-lived objects.
 * Every refusal must be a MemoryError with the heap consistent; once the program drops what it held,
 * a collecting strategy must reclaim it and the program must go on. (Before the fix `clr` stayed
 * "in a collection" after the failing one and refused every later allocation; `semispace` demanded a
 * copy reserve as large as its full from-space and never collected again.)
 */
const LIMIT = 16 << 20;

/** Appends `bytes`-sized objects (a mix of small and 1 KiB ones) to `root` until MemoryError. */
function fill(rt: Runtime, root: Handle): number {
  let n = 0;
  for (;;) {
    try {
      rt.scope(() => rt.append(root, n % 4 === 0 ? rt.newBytes(1024) : rt.newList([rt.newInt(n)])));
      n++;
    } catch (e) {
      if (!(e instanceof MemoryError)) throw e;
      // One name, once: String(e) is "MemoryError: …", the message itself does not repeat it.
      expect(String(e)).toMatch(/^MemoryError: (?!MemoryError)/);
      return n;
    }
  }
}

/** Allocates `count` short-lived objects (dropped at once); returns how many MemoryErrors it met. */
function churn(rt: Runtime, count: number): number {
  let refused = 0;
  for (let i = 0; i < count; i++) {
    try {
      rt.scope(() => {
        rt.newList([rt.newStr(`tmp${i}`), rt.newBytes(512)]);
      });
    } catch (e) {
      if (!(e instanceof MemoryError)) throw e;
      refused++;
    }
  }
  return refused;
}

describe.each(catalog.names())("real heap exhaustion under %s", (name) => {
  it("fills the heap to its limit, stays consistent, and goes on once garbage can be collected", () => {
    const strategy = catalog.get(name).create({ heapLimit: LIMIT });
    const rt = new Runtime(strategy, { heapLimit: LIMIT });
    const root = rt.persistent(rt.newList());
    const held = fill(rt, root);
    expect(held).toBeGreaterThan(1000);
    rt.verify();
    // Short-lived objects in a full heap: each may be refused (after a full collection each), but the
    // heap stays consistent.
    churn(rt, 20);
    rt.verify();
    if (!strategy.constraints.reclaimsCycles && !strategy.constraints.referenceCounting) {
      // `none` never reclaims: a MemoryError, then a consistent heap, is all it promises.
      return;
    }
    // Drop everything the program held: from now on every short-lived allocation must succeed.
    rt.scope(() => rt.clear(root));
    expect(churn(rt, 5000)).toBe(0);
    rt.verify();
    // And the heap fills again. (Not always to the first fill's size: `mark-sweep` keeps freed pages in
    // its size classes and `mark-compact` its compacted regions, while auxiliary storage fails fast
    // rather than collect, so a list's growing items array can meet the limit earlier.)
    const again = fill(rt, root);
    expect(again).toBeGreaterThan(0);
    rt.verify();
    rt.scope(() => rt.clear(root));
    expect(churn(rt, 1000)).toBe(0);
    rt.verify();
  });
});
