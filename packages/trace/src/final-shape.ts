import type { Runtime } from "@heaplab/runtime";
import {
  DICT_KEYS,
  DK_NENTRIES,
  entryKeySlot,
  LIST_ITEMS,
  OB_SIZE,
  readInt,
  readStr,
  slotOffset,
  TUPLE_ITEMS,
} from "@heaplab/runtime/internals";
import type { Shape } from "./trace-format";
import { FIN_TAG_SLOT, type TraceTypes } from "./trace-types";

/**
 * Every register's object graph, canonically (the referee's `final`): objects are numbered in
 * first-visit order over the registers in order; an object met again is `["ref", n]`. Reads the bytes
 * directly and allocates nothing in the heap.
 */
export function finalShape(rt: Runtime, registers: readonly number[], types: TraceTypes): Shape[] {
  const ids = new Map<number, number>();
  const mem = rt.memory;
  const word = (a: number) => mem.u32[a >>> 2]!;
  const shape = (o: number): Shape => {
    if (o === 0) return null;
    const t = rt.model.typeOf(o);
    if (t.kind === "int") return ["int", readInt(mem, o)];
    if (t.kind === "str") return ["str", readStr(mem, o)];
    const seen = ids.get(o);
    if (seen !== undefined) return ["ref", seen];
    const n = ids.size;
    ids.set(o, n);
    switch (t.kind) {
      case "list": {
        const items = word(o + LIST_ITEMS);
        return ["list", n, Array.from({ length: word(o + OB_SIZE) }, (_, i) => shape(word(items + 8 * i)))];
      }
      case "tuple":
        return [
          "tuple",
          n,
          Array.from({ length: word(o + OB_SIZE) }, (_, i) => shape(word(o + TUPLE_ITEMS + 8 * i))),
        ];
      case "dict": {
        const keys = word(o + DICT_KEYS);
        const out: [number | string, Shape][] = [];
        const count = keys === 0 ? 0 : word(keys + DK_NENTRIES);
        for (let ix = 0; ix < count; ix++) {
          const ks = entryKeySlot(mem, keys, ix);
          const k = word(ks);
          const v = word(ks + 8);
          if (k === 0) continue; // a deleted entry
          const kt = rt.model.typeOf(k).kind;
          out.push([kt === "int" ? readInt(mem, k) : kt === "str" ? readStr(mem, k) : `<${kt}>`, shape(v)]);
        }
        return ["dict", n, out];
      }
      case "weakref":
        return ["weakref", n];
      case "slots": {
        const slots = [0, 1, 2, 3].map((i) => shape(word(o + slotOffset(i))));
        if (t.id === types.Fin.id) return ["fin", n, readStr(mem, word(o + slotOffset(FIN_TAG_SLOT))), slots];
        return ["node", n, slots];
      }
      default:
        throw new Error(`register holds an object of unexpected type ${t.name}`);
    }
  };
  return registers.map((h) => shape(rt.addressOf(h)));
}
