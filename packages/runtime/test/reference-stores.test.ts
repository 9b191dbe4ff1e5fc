import { describe, expect, it } from "vitest";
import { createNoneStrategy, Runtime, type Strategy } from "../src/index";
import { DICT_KEYS, entryKeySlot } from "../src/internals";

/**
 * ARCHITECTURE.md's invariant: every reference store into a heap object goes through
 * `Strategy.writeRef`. `del d[k]` used to write 0 into the entry's key and value words directly.
 */
function recordingStrategy(): { strategy: Strategy; stores: [number, number, number][] } {
  const strategy = createNoneStrategy();
  const stores: [number, number, number][] = [];
  const writeRef = strategy.writeRef.bind(strategy);
  strategy.writeRef = (obj, slot, value) => {
    stores.push([obj, slot, value]);
    writeRef(obj, slot, value);
  };
  return { strategy, stores };
}

describe("reference stores", () => {
  it("del d[k] stores None in the entry's key and value through writeRef", () => {
    const { strategy, stores } = recordingStrategy();
    const rt = new Runtime(strategy, { heapLimit: 16 << 20 });
    rt.scope(() => {
      const d = rt.newDict();
      const k = rt.newInt(7);
      rt.dictSet(d, k, rt.newStr("v"));
      const addr = rt.addressOf(d);
      const keySlot = entryKeySlot(rt.memory, rt.memory.u32[(addr + DICT_KEYS) >>> 2]!, 0);
      stores.length = 0;
      rt.dictDelete(d, k);
      expect(stores).toEqual([
        [addr, keySlot, 0],
        [addr, keySlot + 8, 0],
      ]);
      expect(rt.len(d)).toBe(0);
      expect(rt.contains(d, k)).toBe(false);
      rt.dictSet(d, k, rt.newInt(1)); // the dummy index slot is reused on the key's probe path
      expect(rt.intValue(rt.dictGet(d, k))).toBe(1);
    });
    rt.verify();
  });
});
