/**
 * @heaplab/runtime — the shared runtime every heaplab strategy plugs into: linear memory and its
 * operating system, the Python object model on real bytes, handles, the mutator API, the strategy
 * contract, the event stream and the heap verifier.
 *
 * @example
 * import { Runtime, createNoneStrategy } from "@heaplab/runtime";
 * const rt = new Runtime(createNoneStrategy(), { heapLimit: 16 << 20 });
 * const xs = rt.persistent(rt.newList());
 * rt.append(xs, rt.newInt(1));
 */
export * from "./errors";
export * from "./events/event-stream";
export * from "./faults/fault-injector";
export * from "./memory/linear-memory";
export * from "./memory/os-memory";
export * from "./model/dict-object";
export * from "./model/dict-table";
export * from "./model/instance-object";
export * from "./model/instance-values";
export * from "./model/list-object";
export * from "./model/object-model";
export * from "./model/ref-store";
export * from "./model/set-table";
export * from "./model/type-info";
export * from "./model/type-registry";
export * from "./model/value-codec";
export * from "./model/weakref-list";
export * from "./model/weakref-object";
export * from "./mutator/arguments";
export * from "./mutator/finalizer-runner";
export * from "./mutator/runtime";
export * from "./roots/handle";
export * from "./roots/handle-table";
export * from "./strategies/none";
export * from "./strategy/catalog";
export * from "./strategy/gc-module";
export * from "./strategy/strategy";
export * from "./verify/verifier";
