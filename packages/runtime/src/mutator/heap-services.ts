import type { EventStream } from "../events/event-stream";
import type { LinearMemory } from "../memory/linear-memory";
import type { OsMemory } from "../memory/os-memory";
import type { ObjectModel } from "../model/object-model";
import type { TypeRegistry } from "../model/type-registry";
import type { HandleTable } from "../roots/handle-table";
import type { HeapServices } from "../strategy/strategy";
import type { AllocationPath } from "./allocation-path";
import type { FinalizerRunner } from "./finalizer-runner";
import type { Safepoint } from "./safepoint";

/** The parts of a runtime a strategy may reach, as `heapServices` takes them. */
export interface RuntimeParts {
  readonly memory: LinearMemory;
  readonly os: OsMemory;
  readonly types: TypeRegistry;
  readonly handles: HandleTable;
  readonly events: EventStream;
  readonly model: ObjectModel;
  readonly allocation: AllocationPath;
  readonly finalizers: FinalizerRunner;
  readonly safepoint: Safepoint;
}

/**
 * What a strategy gets at `attach`: the runtime's memory, types, roots, events and object model, and the
 * calls back into the runtime a collection needs — run a finalizer or a weak-reference callback (which
 * report what they raise as unraisable, so a collection is never left half done), ask for the queued
 * ones to run at the next safepoint, read the allocation clock, and number its collections. The runtime
 * keeps the collection counter here, so sequence numbers are unique per runtime whatever the strategy.
 * @example
 * strategy.attach(heapServices({ memory, os, types, handles, events, model, allocation, finalizers, safepoint }));
 */
export function heapServices(parts: RuntimeParts): HeapServices {
  const { allocation, finalizers, safepoint } = parts;
  let gcSeq = 0;
  return {
    memory: parts.memory,
    os: parts.os,
    types: parts.types,
    roots: parts.handles,
    events: parts.events,
    model: parts.model,
    allocations: () => allocation.count,
    runFinalizer: (obj, seq) => finalizers.runFinalizer(obj, seq),
    runWeakrefCallback: (wr, seq) => finalizers.runWeakrefCallback(wr, seq),
    hasWeakrefCallback: (wr) => finalizers.hasCallback(wr),
    requestFinalization: () => safepoint.request(),
    nextGcSeq: () => ++gcSeq,
  };
}
