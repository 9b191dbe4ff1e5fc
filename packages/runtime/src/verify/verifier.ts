import { HeapCorruptionError } from "../errors";
import { WR_NEXT, WR_OBJECT, WR_PREV } from "../model/type-info";
import type { Runtime } from "../mutator/runtime";

/**
 * The strategy-independent heap checks:
 * 1. every object has a known type and a sane size, and objects do not overlap;
 * 2. every strong and weak reference points at an object the strategy holds;
 * 3. every weak-reference list is well formed (each member points back at its referent);
 * 4. every handle holds an object the strategy holds.
 * @throws HeapCorruptionError at the first broken invariant.
 */
export function verifyHeap(rt: Runtime): void {
  const { model, strategy, memory } = rt;
  const starts: number[] = [];
  const live = new Set<number>();
  strategy.forEachObject((obj) => {
    if (obj % 8 !== 0) throw new HeapCorruptionError("object address is not 8-byte aligned", obj);
    const id = memory.u32[obj >>> 2]!;
    if (rt.types.find(id) === undefined)
      throw new HeapCorruptionError(`type word holds unknown type id ${id}`, obj);
    live.add(obj);
    starts.push(obj);
  });
  starts.sort((a, b) => a - b);
  for (let i = 0; i + 1 < starts.length; i++) {
    const a = starts[i]!;
    const b = starts[i + 1]!;
    const t = model.typeOf(a);
    const end = a + model.bodyBytesOf(t, a);
    const nextStart = b - strategy.prefixBytes(model.typeOf(b));
    if (end > nextStart)
      throw new HeapCorruptionError(`object (${t.name}) overlaps the object at 0x${b.toString(16)}`, a);
  }
  let from = 0;
  const check = {
    visit(slot: number): void {
      const target = memory.u32[slot >>> 2]!;
      if (target !== 0 && !live.has(target)) {
        throw new HeapCorruptionError(
          `slot 0x${slot.toString(16)} of the ${model.typeOf(from).name} at 0x${from.toString(16)} points at 0x${target.toString(16)}, which is not a live object`,
          slot,
        );
      }
    },
  };
  for (const obj of starts) {
    from = obj;
    // "dealloc" visits every reference the object owns; "traverse" (CPython's tp_traverse) skips the
    // str keys of unicode dicts, which would hide a dangling key.
    model.scan(obj, check, "dealloc");
    model.scanWeak(obj, check);
    const t = model.typeOf(obj);
    if (t.weaklistOffset >= 0) {
      let prev = 0;
      for (
        let wr = memory.u32[(obj + t.weaklistOffset) >>> 2]!;
        wr !== 0;
        wr = memory.u32[(wr + WR_NEXT) >>> 2]!
      ) {
        if (memory.u32[(wr + WR_OBJECT) >>> 2] !== obj)
          throw new HeapCorruptionError("weak reference in a list does not point at the list's owner", wr);
        if (memory.u32[(wr + WR_PREV) >>> 2] !== prev)
          throw new HeapCorruptionError("weak-reference list has a broken back link", wr);
        prev = wr;
      }
    }
  }
  rt.handles.forEachRootWord((words, i) => {
    const a = words[i]!;
    if (!live.has(a))
      throw new HeapCorruptionError(
        `${words === rt.handles.addrs ? "handle slot" : "shadow-stack entry"} ${i} holds 0x${a.toString(16)}, which is not a live object`,
        a,
      );
  });
}
