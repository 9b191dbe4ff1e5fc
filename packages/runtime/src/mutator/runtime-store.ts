import type { FaultInjector } from "../faults/fault-injector";
import type { RefStore } from "../model/ref-store";
import type { Strategy } from "../strategy/strategy";

/**
 * The reference store the runtime hands to the object code in `model/`: the strategy's stores and
 * releases unchanged (every reference store goes through `Strategy.writeRef`, weak words through
 * `Strategy.writeWeakRef`), with the fault injector in front of auxiliary allocation, so a test can
 * make a list's growth or a dict's resize fail and check that the heap stays consistent.
 * @example
 * listAppend(rt.memory, new RuntimeStore(rt.strategy, rt.faults), list, item);
 */
export class RuntimeStore implements RefStore {
  constructor(
    private readonly strategy: Strategy,
    private readonly faults: FaultInjector,
  ) {}
  allocAux(bytes: number): number {
    this.faults.check("aux", bytes);
    return this.strategy.allocAux(bytes);
  }
  reallocAux(addr: number, oldBytes: number, newBytes: number): number {
    this.faults.check("aux", newBytes);
    return this.strategy.reallocAux(addr, oldBytes, newBytes);
  }
  freeAux(addr: number, bytes: number): void {
    this.strategy.freeAux(addr, bytes);
  }
  writeRef(obj: number, slot: number, value: number): void {
    this.strategy.writeRef(obj, slot, value);
  }
  writeWeakRef(obj: number, slot: number, value: number): void {
    this.strategy.writeWeakRef(obj, slot, value);
  }
  release(obj: number): void {
    this.strategy.release(obj);
  }
}
