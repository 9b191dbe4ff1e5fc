import type { Runtime } from "@heaplab/runtime";

/**
 * `sys.getsizeof` of the object at `addr`: the strategy's header, the body, and the auxiliary storage the
 * object owns (a list's item array, a dict's keys table), exactly what `Runtime.sizeOf` reports.
 * @example
 * objectSize(rt, rt.addressOf(rt.newList())); // 56 under cpython-3.11
 */
export function objectSize(rt: Runtime, addr: number): number {
  const t = rt.model.typeOf(addr);
  return rt.strategy.prefixBytes(t) + rt.model.bodyBytesOf(t, addr) + rt.model.auxBytes(addr);
}
