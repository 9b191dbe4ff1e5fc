import type { Finalizer, Runtime, TypeInfo } from "@heaplab/runtime";

/**
 * The interpreter's own object kinds, registered as `slots` types on the runtime's TypeRegistry with
 * CPython 3.11's `tp_basicsize`. Reference fields are slots (so every collector traces them); the C
 * struct's non-reference fields (an index, a code id) are raw words after the slots, which no collector
 * reads.
 *
 * Layout of one slots object (body offsets; the strategy's header sits before offset 0):
 *
 *   0            8            8+8k                  basicSize-8
 *   | type word  | slot 0..k-1 (references) | raw words (u32 in the low half) |
 *
 * @example
 * const t = registerPyTypes(rt);
 * rt.sizeOf(fnHandle); // 152 under cpython-3.11, as sys.getsizeof(f)
 */
export interface PyTypes {
  readonly function: TypeInfo;
  readonly code: TypeInfo;
  readonly cell: TypeInfo;
  readonly method: TypeInfo;
  readonly type: TypeInfo;
  readonly builtin: TypeInfo;
  readonly module: TypeInfo;
  readonly bool: TypeInfo;
  readonly range: TypeInfo;
  readonly seqIter: TypeInfo;
  readonly rangeIter: TypeInfo;
  readonly dictIter: TypeInfo;
  readonly generator: TypeInfo;
  readonly super: TypeInfo;
  readonly slice: TypeInfo;
}

/** Body offset of the first raw word of a slots type (after its reference slots and `__weakref__`). */
export function rawOffset(t: TypeInfo): number {
  return 8 + 8 * (t.slots.length + (t.weakrefable ? 1 : 0));
}

/** Body offset of slot `name` of a slots type. */
export function slotAt(t: TypeInfo, name: string): number {
  const i = t.slots.indexOf(name);
  if (i < 0) throw new Error(`internal: ${t.name} has no slot ${name}`);
  return 8 + 8 * i;
}

/**
 * Registers the interpreter's types once per runtime. Sizes: function 152, code ≥ 192 minus its
 * variable part, cell 40, bound method 64, list/tuple iterators 48, range 48, range iterator 48 (not
 * tracked), generator 200 — each `sys.getsizeof` of CPython 3.11 on 64-bit.
 */
export function registerPyTypes(rt: Runtime, closeGenerator: Finalizer): PyTypes {
  // Every slots type is tracked by the cycle collector (the runtime's slots kind is a GC kind), so
  // range, range_iterator and bool are tracked here though CPython's are not.
  const r = (
    name: string,
    slots: string[],
    basicSize: number,
    _gc = true,
    weakrefable = false,
    finalizer: Finalizer | null = null,
  ) => rt.types.register({ name, kind: "slots", slots, basicSize, weakrefable, finalizer });
  return {
    // PyFunctionObject: 17 words; 8 of them are references we model.
    function: r(
      "function",
      [
        "__code__",
        "__globals__",
        "__name__",
        "__qualname__",
        "__defaults__",
        "__kwdefaults__",
        "__closure__",
        "__dict__",
        "__doc__",
        "__module__",
      ],
      136,
      true,
      true,
    ),
    code: r("code", ["co_consts", "co_names", "co_name", "co_filename"], 176),
    cell: r("cell", ["cell_contents"], 24),
    method: r("method", ["__func__", "__self__"], 48, true, true),
    type: r("type", ["__dict__", "__name__", "__bases__", "__mro__"], 888, true, true),
    builtin: r("builtin_function_or_method", ["__self__", "__name__"], 56),
    module: r("module", ["__dict__", "__name__"], 56, true, true),
    bool: r("bool", [], 24, false),
    range: r("range", ["start", "stop", "step"], 48, false),
    seqIter: r("iterator", ["it_seq"], 32),
    rangeIter: r("range_iterator", [], 48, false),
    dictIter: r("dict_keyiterator", ["di_dict"], 56),
    // A generator's death closes it (CPython's gen finalizer), releasing its suspended frame.
    generator: r("generator", ["gi_code"], 184, true, true, closeGenerator),
    super: r("super", ["__thisclass__", "__self__", "__self_class__"], 48),
    slice: r("slice", ["start", "stop", "step"], 40),
  };
}
