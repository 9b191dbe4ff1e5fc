import type { Runtime } from "@heaplab/runtime";
import {
  DICT_KEYS,
  DK_NENTRIES,
  entryKeySlot,
  LIST_ITEMS,
  OB_SIZE,
  readIntExact,
  readStr,
  slotOffset,
  TUPLE_ITEMS,
} from "@heaplab/runtime/internals";
import type { Shape } from "./trace-format";
import { FIN_TAG_SLOT, type TraceTypes } from "./trace-types";

/** Where a shape goes once it is built: `into[at]`. */
interface Pending {
  obj: number;
  into: Shape[] | [number | string | bigint, Shape];
  at: number;
}

/**
 * Every register's object graph, canonically (the referee's `final`): objects are numbered in
 * first-visit order over the registers in order; an object met again is `["ref", n]`. Reads the bytes
 * directly and allocates nothing in the heap.
 *
 * The walk is depth-first in the referee's order (an object, then its items in order) without
 * recursion: an explicit stack of pending items, each item's children pushed last-first so they pop
 * first-first. A chain 100,000 deep costs a stack of 100,000 entries, not 100,000 JS frames.
 *
 * `onShape` sees each built shape with the characters it adds to the printed result, so a caller can
 * stop a graph that would print too much.
 * @example
 * const final = finalShape(rt, registers.addresses(), types);
 */
export function finalShape(
  rt: Runtime,
  registers: readonly number[],
  types: TraceTypes,
  onShape: (printedChars: number) => void = () => {},
): Shape[] {
  const ids = new Map<number, number>();
  const mem = rt.memory;
  const word = (a: number) => mem.u32[a >>> 2]!;
  const out: Shape[] = new Array<Shape>(registers.length).fill(null);
  const stack: Pending[] = [];
  for (let r = registers.length - 1; r >= 0; r--) stack.push({ obj: registers[r]!, into: out, at: r });
  while (stack.length > 0) {
    const { obj, into, at } = stack.pop()!;
    const before = stack.length;
    const s = shapeOf(obj);
    into[at] = s;
    // Children were pushed first-first; reverse them so they pop in order.
    reverseFrom(stack, before);
    onShape(printedChars(s));
  }
  return out;

  /** One object's shape with placeholder children, which are pushed onto `stack`. */
  function shapeOf(o: number): Shape {
    if (o === 0) return null;
    const t = rt.model.typeOf(o);
    if (t.kind === "int") return ["int", readIntExact(mem, o)];
    if (t.kind === "str") return ["str", readStr(mem, o)];
    const seen = ids.get(o);
    if (seen !== undefined) return ["ref", seen];
    const n = ids.size;
    ids.set(o, n);
    switch (t.kind) {
      case "list":
        return ["list", n, children(word(o + LIST_ITEMS), word(o + OB_SIZE))];
      case "tuple":
        return ["tuple", n, children(o + TUPLE_ITEMS, word(o + OB_SIZE))];
      case "dict": {
        const keys = word(o + DICT_KEYS);
        const items: [number | string | bigint, Shape][] = [];
        const count = keys === 0 ? 0 : word(keys + DK_NENTRIES);
        for (let ix = 0; ix < count; ix++) {
          const ks = entryKeySlot(mem, keys, ix);
          const k = word(ks);
          if (k === 0) continue; // a deleted entry
          const kt = rt.model.typeOf(k).kind;
          const item: [number | string | bigint, Shape] = [
            kt === "int" ? readIntExact(mem, k) : kt === "str" ? readStr(mem, k) : `<${kt}>`,
            null,
          ];
          items.push(item);
          stack.push({ obj: word(ks + 8), into: item, at: 1 });
        }
        return ["dict", n, items];
      }
      case "weakref":
        return ["weakref", n];
      case "slots": {
        const slots = children(o + slotOffset(0), 4);
        if (t.id === types.Fin.id) return ["fin", n, readStr(mem, word(o + slotOffset(FIN_TAG_SLOT))), slots];
        return ["node", n, slots];
      }
      default:
        throw new Error(`register holds an object of unexpected type ${t.name}`);
    }
  }

  /** `count` placeholder items read from 8-byte slots starting at `first`, queued on `stack`. */
  function children(first: number, count: number): Shape[] {
    const items = new Array<Shape>(count).fill(null);
    for (let i = 0; i < count; i++) stack.push({ obj: word(first + 8 * i), into: items, at: i });
    return items;
  }
}

function reverseFrom<T>(a: T[], from: number): void {
  for (let i = from, j = a.length - 1; i < j; i++, j--) {
    const x = a[i]!;
    a[i] = a[j]!;
    a[j] = x;
  }
}

/** Characters one shape adds to compact JSON, its children's own text aside (strings counted as is). */
function printedChars(s: Shape): number {
  if (s === null) return 5;
  switch (s[0]) {
    case "str":
      return 12 + s[1].length;
    case "int":
      return 10 + String(s[1]).length;
    case "fin":
      return 24 + s[2].length;
    default:
      return 24;
  }
}
