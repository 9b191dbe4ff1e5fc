/**
 * @heaplab/runtime — the shared runtime every heaplab strategy plugs into: linear memory and its
 * operating system, the Python object model on real bytes, handles, the mutator API, the strategy
 * contract, the event stream and the heap verifier.
 *
 * This entry point is the public API: the Runtime and its handles, the errors, the events, the
 * strategy contract (to write a strategy), the `none` strategy, and the weak containers of Python's
 * `weakref` module (`WeakSet`, `WeakValueDictionary`, `WeakKeyDictionary`) built on the Runtime API. The object layouts and the object
 * code on them (offsets, dict tables, value codecs, clear functions) are heaplab's own building blocks
 * and live behind `@heaplab/runtime/internals`, which may change between minor versions.
 *
 * @example
 * import { Runtime, createNoneStrategy } from "@heaplab/runtime";
 * const rt = new Runtime(createNoneStrategy(), { heapLimit: 16 << 20 });
 * const xs = rt.persistent(rt.newList());
 * rt.append(xs, rt.newInt(1));
 */

export { CPYTHON_3_14, IMMORTAL_REFCNT_3_14, IMMORTAL_REFCNT_3_14_32BIT } from "./cpython/profile-3-14";
export { CPYTHON_PROFILES, cpythonProfile } from "./cpython/profiles";
export {
  CPYTHON_3_11,
  CPYTHON_3_12,
  CPYTHON_3_13,
  type CPythonProfile,
  type CPythonVersion,
  type FreeListProfile,
  type GcProfile,
  type InterpreterProfile,
  type MessageProfile,
  type RefcountProfile,
  type SizeProfile,
  type TrashcanRule,
} from "./cpython/version-profile";
export {
  ConfigError,
  HeapCorruptionError,
  HeaplabError,
  InvalidHandleError,
  MemoryError,
  PyAttributeError,
  PyIndexError,
  PyKeyError,
  PyLookupError,
  PyTypeError,
  PyValueError,
} from "./errors";
export {
  type AllocationListener,
  type CollectReason,
  EventStream,
  type FinalizerEvent,
  type GcEndEvent,
  type GcStartEvent,
  type HeapEvent,
  type HeapSampleEvent,
  type LogEvent,
  type UnraisableEvent,
  type WeakrefCallbackEvent,
} from "./events/event-stream";
export { FaultInjector, type FaultSite, InjectedMemoryError } from "./faults/fault-injector";
export { LinearMemory } from "./memory/linear-memory";
export { OsMemory } from "./memory/os-memory";
export { ObjectModel, type ScanOrder, type SlotVisitor } from "./model/object-model";
export type { Finalizer, TypeInfo, TypeKind } from "./model/type-info";
export { TypeId, TypeRegistry, type TypeSpec } from "./model/type-registry";
export type { UnraisableRecord, WeakrefCallback } from "./mutator/finalizer-runner";
export { Runtime, type RuntimeOptions, type RuntimeStats } from "./mutator/runtime";
export { type Handle, NONE } from "./roots/handle";
export { HandleTable, type RootOwner } from "./roots/handle-table";
export { ShadowStack } from "./roots/shadow-stack";
export { StackMutator } from "./roots/stack-mutator";
export { createNoneStrategy, NoneStrategy, noneStrategy } from "./strategies/none";
export { StrategyCatalog, type StrategyEntry } from "./strategy/catalog";
export { GcDebug, type GcModule } from "./strategy/gc-module";
export type {
  Constraints,
  HeapServices,
  HeapStats,
  Strategy,
  StrategyFactory,
  StrategyOptions,
} from "./strategy/strategy";
export { WeakKeyDictionary } from "./weak/weak-key-dictionary";
export { HeapWeakSet, type WeakIterator } from "./weak/weak-set";
export { WeakValueDictionary } from "./weak/weak-value-dictionary";
