import type { Finalizer, Runtime, TypeInfo } from "@heaplab/runtime";

/** The referee's two classes, registered on a runtime. */
export interface TraceTypes {
  /** `class Node: __slots__ = ('a', 'b', 'c', 'd', '__weakref__')` */
  readonly Node: TypeInfo;
  /** `class Fin: __slots__ = ('a', 'b', 'c', 'd', 'tag', '__weakref__')` with a logging `__del__`. */
  readonly Fin: TypeInfo;
  /**
   * CPython's `tuple_iterator` (32 bytes: `it_index`, `it_seq`; a GC object), which the referee's
   * unquickened `c0, c1, c2 = gc.get_count()` creates and drops on every `count`.
   */
  readonly TupleIterator: TypeInfo;
  /**
   * `AttributeError` with its `args` (a GC object): 3.12+ make one, and drop it, when `getattr(node,
   * name, None)` meets an unset slot (`InterpreterProfile.eagerExceptions`).
   */
  readonly AttributeError: TypeInfo;
}

/** Slot index of `tag` in Fin (slots are sorted as CPython sorts them: a, b, c, d, tag). */
export const FIN_TAG_SLOT = 4;

/**
 * Registers Node, Fin, the tuple iterator and AttributeError on `rt`. `finalizer` is Fin's `__del__`.
 * @example
 * const { Node, Fin } = registerTraceTypes(rt, (self) => log.push("del:" + tagOf(self)));
 */
export function registerTraceTypes(rt: Runtime, finalizer: Finalizer): TraceTypes {
  return {
    Node: rt.types.register({ name: "Node", kind: "slots", slots: ["a", "b", "c", "d"], weakrefable: true }),
    Fin: rt.types.register({
      name: "Fin",
      kind: "slots",
      slots: ["a", "b", "c", "d", "tag"],
      weakrefable: true,
      finalizer,
    }),
    TupleIterator: rt.types.register({
      name: "tuple_iterator",
      kind: "slots",
      slots: ["it_index", "it_seq"],
    }),
    AttributeError: rt.types.register({ name: "AttributeError", kind: "slots", slots: ["args"] }),
  };
}
