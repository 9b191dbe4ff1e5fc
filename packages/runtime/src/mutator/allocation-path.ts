import type { EventStream } from "../events/event-stream";
import type { FaultInjector } from "../faults/fault-injector";
import type { TypeInfo } from "../model/type-info";
import type { Strategy } from "../strategy/strategy";
import type { Safepoint } from "./safepoint";

/**
 * The one path every object allocation takes, and the counters it keeps: the eval-breaker check (a
 * collection `cpython-3.12`+ scheduled runs before the next object), the safepoint (queued
 * finalizers run before the heap changes), the fault injector (a test may make this allocation fail
 * before the strategy sees it), the strategy's `allocate` (which may collect and move objects), then the
 * runtime's counts and the event stream's allocation hook, which is called only when a tool listens
 * (`events.tracing`), so an unobserved run pays one boolean test.
 *
 * Invariant: `count` and `bytes` grow only for objects the strategy handed out, so a refused or failed
 * allocation leaves them as they were.
 * @example
 * const obj = path.alloc(rt.types.get(TypeId.float), 16); // zeroed body, address valid until the next allocation
 */
export class AllocationPath {
  /** Objects allocated so far: the logical clock of events and finalizer records. */
  count = 0;
  /** Bytes requested for objects so far, the strategy's header words included. */
  bytes = 0;
  /**
   * Whether an allocation starts with an eval-breaker check, so a collection a `cpython-3.12`+
   * allocation scheduled runs before the next object is made (`Runtime.evalBreakerAtAllocation`).
   */
  evalBreakerFirst = true;

  constructor(
    private readonly strategy: Strategy,
    private readonly safepoint: Safepoint,
    private readonly faults: FaultInjector,
    private readonly events: EventStream,
  ) {}

  /** Allocates an object of type `t` with a zeroed body of `bodyBytes`; returns its address. */
  alloc(t: TypeInfo, bodyBytes: number): number {
    if (this.evalBreakerFirst) this.strategy.evalBreaker?.();
    this.safepoint.poll();
    this.faults.check("object", bodyBytes);
    const obj = this.strategy.allocate(t, bodyBytes);
    this.count++;
    const bytes = this.strategy.prefixBytes(t) + bodyBytes;
    this.bytes += bytes;
    if (this.events.tracing) this.events.alloc(obj, t.id, bytes);
    return obj;
  }
}
