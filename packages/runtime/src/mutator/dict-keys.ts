import { PyTypeError } from "../errors";
import type { LinearMemory } from "../memory/linear-memory";
import type { ObjectModel } from "../model/object-model";
import { readInt, readStr } from "../model/value-codec";
import type { Strategy } from "../strategy/strategy";

/**
 * What heaplab's dicts and sets accept as keys, and how a missing key is named.
 *
 * A key's hash is computed once and kept in the table (`dict-table.ts`, `set-table.ts`). Values hash by
 * value (int, float, str, and a weak reference by the hash it was first given), everything else by
 * address, as CPython's `object.__hash__` does; under a strategy that moves objects an address-hashed
 * key would leave its hash behind at the first collection, so such keys are refused there. None is
 * refused everywhere: an empty table entry is 0, the address of None.
 */

/**
 * Refuses a key the container cannot hold.
 * @throws PyTypeError for None, or for a key hashed by address under a moving strategy.
 * @example
 * checkKey(rt.model, rt.strategy, rt.addressOf(lst), "dicts"); // throws under semispace
 */
export function checkKey(
  model: ObjectModel,
  strategy: Strategy,
  k: number,
  container: "dicts" | "sets",
): void {
  if (k === 0)
    throw new PyTypeError(
      container === "dicts" ? "heaplab dicts do not take None as a key" : "heaplab sets do not hold None",
    );
  if (strategy.constraints.movesObjects) {
    const t = model.typeOf(k);
    const kk = t.kind;
    if (kk !== "int" && kk !== "str" && kk !== "float" && kk !== "weakref") {
      throw new PyTypeError(
        `'${t.name}' objects hash by address, which a moving strategy changes; use int, float, str or weakref ${container === "dicts" ? "keys" : "items"}`,
      );
    }
  }
}

/**
 * How a missing key is named in a `KeyError`: its value for int and str (a str quoted), else its type.
 * @example
 * describeKey(mem, model, key); // '"cache"', '42' or '<tuple>'
 */
export function describeKey(mem: LinearMemory, model: ObjectModel, k: number): string {
  const t = k === 0 ? undefined : model.typeOf(k);
  if (t?.kind === "int") return String(readInt(mem, k));
  if (t?.kind === "str") return JSON.stringify(readStr(mem, k));
  return `<${t?.name ?? "NoneType"}>`;
}
