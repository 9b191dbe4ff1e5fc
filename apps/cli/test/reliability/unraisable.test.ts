import { type Handle, MemoryError, Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { catalog } from "../../src/catalog";

/**
 * Issue 16 item 1: an exception raised in `__del__` or in a weak-reference callback cannot propagate
 * out of a deallocation cascade or a collection (it would leave them half done). As CPython's
 * `PyErr_WriteUnraisable`, the runtime reports it (an `unraisable` event and `rt.unraisable`) and the
 * strategy goes on; the heap verifies and the program keeps working.
 */
const make = (name: string) =>
  new Runtime(catalog.get(name).create({ heapLimit: 64 << 20 }), { heapLimit: 64 << 20 });

/** Collects everything twice (a tracing strategy's finalizers may revive and free more), faults off. */
function collectAll(rt: Runtime): void {
  for (let i = 0; i < 2; i++) {
    rt.collect();
    rt.runPendingFinalizers();
  }
  rt.faults.disarm();
  rt.verify();
}

/** A finalizer or callback that allocates while the next object allocation is armed to fail. */
function failingAllocation(rt: Runtime): () => void {
  return () => {
    rt.faults.arm("object", 1);
    rt.newList();
  };
}

describe.each(catalog.names())("exceptions in finalizers and callbacks under %s", (name) => {
  it("a MemoryError raised in __del__ is reported as unraisable, in a cascade and in a collection", () => {
    const rt = make(name);
    const raise = failingAllocation(rt);
    const Fin = rt.types.register({
      name: "Fin",
      kind: "slots",
      slots: ["next"],
      weakrefable: true,
      finalizer: () => raise(),
    });
    const unraisable: string[] = [];
    rt.events.on((e) => {
      if (e.type === "unraisable") unraisable.push(e.message);
    });
    const keep = rt.persistent(rt.newList());
    rt.scope(() => {
      // A chain of three (freed by reference counting where there is one) and a cycle of three.
      let head: Handle = 0;
      for (let i = 0; i < 3; i++) head = rt.newObject(Fin, [head]);
      const a = rt.newObject(Fin);
      const b = rt.newObject(Fin, [a]);
      const c = rt.newObject(Fin, [b]);
      rt.setSlot(a, 0, c);
    });
    collectAll(rt);
    // Every strategy that frees objects ran a finalizer on each it freed (the cycle only where
    // cycles are reclaimed), each of which raised; none escaped.
    if (name !== "none") {
      const ran = rt.strategy.constraints.reclaimsCycles ? 6 : 3;
      expect(unraisable).toHaveLength(ran);
      // The first line is the strategy's CPython version's (3.14: "while calling deallocator"); 3.11's elsewhere.
      const where = rt.strategy.profile?.messages.delUnraisable("<function Fin.__del__>");
      expect(
        unraisable[0]!.startsWith(
          `${where ?? "Exception ignored in: <function Fin.__del__>"}\nMemoryError: injected`,
        ),
      ).toBe(true);
      expect(rt.unraisable).toHaveLength(ran);
      expect(rt.unraisable[0]!.error).toBeInstanceOf(MemoryError);
    }
    // The program goes on.
    rt.scope(() => {
      for (let i = 0; i < 100; i++) rt.append(keep, rt.newObject(Fin));
      rt.clear(keep);
    });
    rt.faults.disarm();
    rt.collect();
    rt.runPendingFinalizers();
    rt.faults.disarm();
    rt.verify();
  });

  it("an exception raised in a weak-reference callback is reported, and the rest run", () => {
    const rt = make(name);
    const raise = failingAllocation(rt);
    const Target = rt.types.register({ name: "Target", kind: "slots", slots: ["other"], weakrefable: true });
    let ran = 0;
    const holders = rt.persistent(rt.newList());
    rt.scope(() => {
      const a = rt.newObject(Target);
      const b = rt.newObject(Target, [a]);
      rt.setSlot(a, 0, b); // a cycle, so the cycle collector or a tracing collection clears them
      rt.append(
        holders,
        rt.newWeakref(a, () => raise()),
      );
      rt.append(
        holders,
        rt.newWeakref(b, () => ran++),
      );
      const lone = rt.newObject(Target);
      rt.append(
        holders,
        rt.newWeakref(lone, () => raise()),
      );
    });
    collectAll(rt);
    const cycles = rt.strategy.constraints.reclaimsCycles;
    if (name !== "none") {
      expect(ran).toBe(cycles ? 1 : 0);
      expect(rt.unraisable).toHaveLength(cycles ? 2 : 1);
      expect(rt.unraisable[0]!.where).toBe("Exception ignored in: <weakref callback>");
    }
    rt.scope(() => {
      const alive = [!cycles, !cycles, name === "none"];
      for (let i = 0; i < 3; i++) expect(rt.isAlive(rt.getItem(holders, i))).toBe(alive[i]);
    });
  });
});
