import type { Strategy } from "../strategy/strategy";

/**
 * What the object code in `model/` may ask of the heap: the strategy's two stores (`writeRef` with its
 * barrier and counting, `writeWeakRef` for weak words), `release` for a reference taken out of the
 * heap, and auxiliary storage. A `Strategy` is one; the runtime passes its own, which puts the fault
 * injector in front of auxiliary allocation.
 *
 * Auxiliary allocation never moves objects (strategies fail fast there instead of collecting), so the
 * object code may hold raw addresses across it; only object allocation, which stays in the runtime,
 * can move them.
 *
 * @example
 * listAppend(rt.memory, rt.strategy, listAddr, itemAddr); // a Strategy is a RefStore
 */
export type RefStore = Pick<
  Strategy,
  "writeRef" | "writeWeakRef" | "release" | "allocAux" | "reallocAux" | "freeAux"
>;
