import type { LinearMemory } from "../memory/linear-memory";
import { DICT_USED, OB_SIZE, SET_USED, STR_LENGTH, type TypeInfo } from "./type-info";

/**
 * `len(x)` read from the object's own length word, as each type's `sq_length`/`mp_length` does:
 * `ob_size` for tuples, lists and bytes, `ma_used` for dicts, `used` for sets, the code-point count for
 * str. Types without a length (int, float, instances, weak references) answer -1, so the caller can
 * raise Python's TypeError naming the type.
 * @example
 * objectLength(mem, model.typeOf(list), list); // 3 for [1, 2, 3]
 */
export function objectLength(mem: LinearMemory, t: TypeInfo, o: number): number {
  switch (t.kind) {
    case "tuple":
    case "list":
    case "bytes":
      return mem.u32[(o + OB_SIZE) >>> 2]!;
    case "dict":
      return mem.u32[(o + DICT_USED) >>> 2]!;
    case "set":
      return mem.u32[(o + SET_USED) >>> 2]!;
    case "str":
      return mem.u32[(o + STR_LENGTH) >>> 2]!;
    default:
      return -1;
  }
}
