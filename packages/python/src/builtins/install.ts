import { TypeId } from "@heaplab/runtime";
import type { ClassInfo, KwArgs, NativeFn } from "../interp/classes";
import { type Interp, UNBOUND } from "../interp/interp";
import { cmp, contains, iter, next, toArray } from "../interp/ops";
import { intHash, parseIntExact } from "../objects/py-int";
import { borrowing, builtinClass, installClassMaker, makeClassInfo } from "./classes";

/** Exception classes of Python 3.11 heaplab provides, each with its base. */
const EXCEPTIONS: [string, string][] = [
  ["BaseException", "object"],
  ["SystemExit", "BaseException"],
  ["KeyboardInterrupt", "BaseException"],
  ["GeneratorExit", "BaseException"],
  ["Exception", "BaseException"],
  ["StopIteration", "Exception"],
  ["ArithmeticError", "Exception"],
  ["ZeroDivisionError", "ArithmeticError"],
  ["OverflowError", "ArithmeticError"],
  ["AssertionError", "Exception"],
  ["AttributeError", "Exception"],
  ["LookupError", "Exception"],
  ["IndexError", "LookupError"],
  ["KeyError", "LookupError"],
  ["MemoryError", "Exception"],
  ["NameError", "Exception"],
  ["UnboundLocalError", "NameError"],
  ["RuntimeError", "Exception"],
  ["RecursionError", "RuntimeError"],
  ["NotImplementedError", "RuntimeError"],
  ["ImportError", "Exception"],
  ["ModuleNotFoundError", "ImportError"],
  ["TypeError", "Exception"],
  ["ValueError", "Exception"],
  ["ReferenceError", "Exception"],
  ["OSError", "Exception"],
];

/** print's keyword parameters, in the order of its Argument Clinic parser. */
const PRINT_KEYWORDS = ["sep", "end", "file", "flush"];

function kwValue(_ip: Interp, kw: KwArgs | null, name: string): number {
  if (kw === null) return UNBOUND;
  const i = kw.names.indexOf(name);
  return i < 0 ? UNBOUND : kw.values[i]!;
}

/**
 * Creates the built-in classes and functions in the interpreter's builtins dict.
 *
 * @example
 * installBuiltins(ip); // print, len, range, list, dict, Exception, ...
 */
export function installBuiltins(ip: Interp): void {
  /** print's Argument Clinic keyword-name tuple, made by its first call. */
  let printKeywords = 0;
  const cls: Record<string, ClassInfo> = {};
  ip.cls = cls;
  // `object()` instances: a bare 16-byte object (heaplab's slots kind with no slots).
  const objectType = ip.rt.types.register({ name: "object", kind: "slots", slots: [] });
  const object = builtinClass(ip, "object", null, [objectType.id], null);
  object.instanceType = objectType;
  cls.object = object;
  object.natives.set(
    "__init__",
    borrowing(ip, () => 0),
  );
  const simple = (name: string, ids: number[], construct: NativeFn | null) => {
    cls[name] = builtinClass(ip, name, object, ids, construct);
    return cls[name]!;
  };
  const t = ip.t;
  const B = (fn: (args: number[], kw: KwArgs | null) => number) => borrowing(ip, fn);

  simple("NoneType", [], null);
  simple(
    "int",
    [TypeId.int],
    B((a) => {
      if (a.length === 0) return ip.newInt(0);
      if (ip.isStr(a[0]!)) {
        const s = ip.strOf(a[0]!).trim().replace(/_/g, "");
        const base = a.length > 1 ? ip.intOf(a[1]!) : 10;
        const v = Number.parseInt(s, base);
        if (Number.isNaN(v) || !/^[+-]?[0-9a-zA-Z]+$/.test(s))
          ip.raise("ValueError", `invalid literal for int() with base ${base}: ${ip.repr(a[0]!)}`);
        // Past 2**53 the digits are read again exactly.
        return ip.newInt(Number.isSafeInteger(v) ? v : (parseIntExact(s, base) ?? v));
      }
      const n = ip.numExact(a[0]!);
      if (n === null)
        ip.raise(
          "TypeError",
          `int() argument must be a string, a bytes-like object or a real number, not '${ip.typeName(a[0]!)}'`,
        );
      return ip.newInt(typeof n === "bigint" ? n : Math.trunc(n));
    }),
  );
  const boolCls = builtinClass(
    ip,
    "bool",
    cls.int!,
    [t.bool.id],
    B((a) => ip.bool(a.length > 0 && ip.truthy(a[0]!))),
  );
  cls.bool = boolCls;
  simple(
    "float",
    [TypeId.float],
    B((a) => {
      if (a.length === 0) return ip.newFloat(0);
      if (ip.isStr(a[0]!)) {
        const s = ip.strOf(a[0]!).trim().toLowerCase();
        const v =
          s === "inf" || s === "+inf" ? Infinity : s === "-inf" ? -Infinity : s === "nan" ? NaN : Number(s);
        if (Number.isNaN(v) && s !== "nan")
          ip.raise("ValueError", `could not convert string to float: ${ip.repr(a[0]!)}`);
        return ip.newFloat(v);
      }
      const n = ip.numOf(a[0]!);
      if (n === null)
        ip.raise(
          "TypeError",
          `float() argument must be a string or a real number, not '${ip.typeName(a[0]!)}'`,
        );
      return ip.newFloat(n);
    }),
  );
  simple(
    "str",
    [TypeId.str],
    B((a) => (a.length === 0 ? ip.newStr("") : ip.newStr(ip.str(a[0]!)))),
  );
  simple(
    "bytes",
    [TypeId.bytes],
    B((a) => {
      if (a.length === 0) return ip.persist(ip.rt.newBytes(0));
      const n = ip.numOf(a[0]!);
      if (n !== null) return ip.persist(ip.rt.newBytes(n));
      const xs = toArray(ip, a[0]!);
      const data = Uint8Array.from(xs.map((x) => ip.intOf(x)));
      for (const x of xs) ip.rel(x);
      return ip.persist(ip.rt.newBytes(data));
    }),
  );
  simple(
    "tuple",
    [TypeId.tuple],
    B((a) => ip.newTuple(a.length === 0 ? [] : toArray(ip, a[0]!))),
  );
  simple(
    "list",
    [TypeId.list],
    B((a) => {
      if (a.length === 0) return ip.newList([]);
      // A sized argument (list, tuple, range, ...) is preallocated by list_extend; an iterator grows.
      const k = ip.kind(a[0]!);
      const sized =
        k === "list" ||
        k === "tuple" ||
        k === "str" ||
        k === "dict" ||
        k === "set" ||
        ip.typeOf(a[0]!) === t.range;
      const xs = toArray(ip, a[0]!);
      return sized ? ip.newListPreallocated(xs) : ip.newList(xs);
    }),
  );
  simple(
    "dict",
    [TypeId.dict],
    B((a, kw) => {
      const d = ip.newDict();
      if (a.length > 0) dictUpdate(ip, d, a[0]!);
      if (kw !== null) {
        kw.names.forEach((n, i) => {
          const k = ip.intern(n);
          ip.rt.dictSet(d, k, kw.values[i]!);
          ip.rel(k);
        });
      }
      return d;
    }),
  );
  simple(
    "set",
    [TypeId.set],
    B((a) => {
      const xs = a.length === 0 ? [] : toArray(ip, a[0]!);
      const s = ip.persist(ip.rt.newSet(xs));
      for (const x of xs) ip.rel(x);
      return s;
    }),
  );
  simple(
    "type",
    [t.type.id],
    B((a) => ip.dup(ip.classOf(a[0]!).obj)),
  );
  simple("function", [t.function.id], null);
  simple("code", [t.code.id], null);
  simple("cell", [t.cell.id], null);
  simple("method", [t.method.id], null);
  simple("builtin_function_or_method", [t.builtin.id], null);
  simple("module", [t.module.id], null);
  simple("iterator", [t.seqIter.id], null);
  simple("range_iterator", [t.rangeIter.id], null);
  simple("dict_keyiterator", [t.dictIter.id], null);
  simple("generator", [t.generator.id], null);
  simple("slice", [t.slice.id], null);
  simple("super", [t.super.id], null);
  simple(
    "range",
    [t.range.id],
    B((a) => {
      const v = a.map((x) => ip.intOf(x));
      const [start, stop, step] = v.length === 1 ? [0, v[0]!, 1] : [v[0]!, v[1]!, v[2] ?? 1];
      if (step === 0) ip.raise("ValueError", "range() arg 3 must not be zero");
      return ip.newSlots(t.range, { start: ip.newInt(start), stop: ip.newInt(stop), step: ip.newInt(step) });
    }),
  );
  simple(
    "weakref",
    [TypeId.weakref],
    B((a) => {
      const target = a[0]!;
      const cb = a.length > 1 && a[1] !== 0 ? ip.dup(a[1]!) : 0;
      const tt = ip.typeOf(target);
      if (tt === null || !tt.weakrefable)
        ip.raise("TypeError", `cannot create weak reference to '${ip.typeName(target)}' object`);
      if (cb === 0) return ip.persist(ip.rt.newWeakref(target));
      return ip.persist(
        ip.rt.newWeakref(target, (wr) => {
          const w = ip.dup(wr);
          try {
            ip.rel(ip.call(ip.dup(cb), [w]));
          } catch (e) {
            ip.unraisable(e, "weakref callback");
          }
        }),
      );
    }),
  );
  cls.weakref!.natives.set(
    "__call__",
    B((a) => ip.persist(ip.rt.deref(a[0]!))),
  );
  // Descriptors made by decorators: instances holding the function.
  for (const name of ["property", "staticmethod", "classmethod"]) {
    const ti = ip.rt.types.register({ name, kind: "instance" });
    const c = makeClassInfo(ip, name, [object], 0, ti, [ti.id]);
    cls[name] = c;
    c.natives.set(
      "__init__",
      B((a) => {
        const self = a[0]!;
        if (name === "property") {
          ip.rt.setAttr(self, "fget", a[1] ?? 0);
          ip.rt.setAttr(self, "fset", a[2] ?? 0);
        } else ip.rt.setAttr(self, "f", a[1]!);
        return 0;
      }),
    );
    if (name === "property") {
      c.natives.set(
        "setter",
        B((a) => {
          const fget = ip.persist(ip.rt.getAttr(a[0]!, "fget"));
          return ip.instantiate(c, [fget, ip.dup(a[1]!)], null);
        }),
      );
    }
  }

  for (const [name, base] of EXCEPTIONS) {
    const ti = ip.rt.types.register({ name, kind: "instance" });
    const c = makeClassInfo(ip, name, [cls[base]!], 0, ti, [ti.id]);
    if (name === "BaseException") {
      c.isException = true;
      c.natives.set(
        "__init__",
        B((a) => {
          const args = ip.newTuple(a.slice(1).map((x) => ip.dup(x)));
          ip.rt.setAttr(a[0]!, "args", args);
          ip.rel(args);
          return 0;
        }),
      );
    }
    cls[name] = c;
  }
  installClassMaker(ip);
  installMethods(ip, cls);

  const define = (name: string, fn: NativeFn) => {
    const k = ip.intern(name);
    const v = ip.nativeObject(name, fn, 0);
    ip.rt.dictSet(ip.builtins, k, v);
    ip.rel(k);
    ip.rel(v);
  };
  for (const [name, c] of Object.entries(cls)) {
    if (
      [
        "NoneType",
        "function",
        "code",
        "cell",
        "method",
        "builtin_function_or_method",
        "module",
        "iterator",
        "range_iterator",
        "dict_keyiterator",
        "generator",
        "slice",
        "weakref",
      ].includes(name)
    )
      continue;
    const k = ip.intern(name);
    ip.rt.dictSet(ip.builtins, k, c.obj);
    ip.rel(k);
  }

  define(
    "print",
    B((a, kw) => {
      // 3.11's print is an Argument Clinic function with `*args`: its first call makes the parser's tuple
      // of keyword names (kept for the process's life) and each call packs its positional arguments in
      // a new tuple, released at return (to the tuple free list): GC allocations `gc.get_count()` sees.
      if (printKeywords === 0) printKeywords = ip.newTuple(PRINT_KEYWORDS.map((k) => ip.intern(k)));
      const packed = a.length === 0 ? 0 : ip.newTuple(a.map((x) => ip.dup(x)));
      try {
        const sepH = kwValue(ip, kw, "sep");
        const endH = kwValue(ip, kw, "end");
        const fileH = kwValue(ip, kw, "file");
        const sep = sepH === UNBOUND || sepH === 0 ? " " : ip.strOf(sepH);
        const end = endH === UNBOUND || endH === 0 ? "\n" : ip.strOf(endH);
        const text = a.map((x) => ip.str(x)).join(sep) + end;
        if (fileH === UNBOUND || fileH === 0) ip.print(text);
        else ip.rel(ip.callMethod(fileH, "write", [ip.newStr(text)]));
        return 0;
      } finally {
        ip.rel(packed);
      }
    }),
  );
  define(
    "len",
    B((a) => {
      const x = a[0]!;
      const k = ip.kind(x);
      if (k === "tuple" || k === "list" || k === "dict" || k === "set" || k === "str" || k === "bytes")
        return ip.newInt(ip.rt.len(x));
      if (ip.typeOf(x) === ip.t.range) {
        const [s, e, st] = ip.rangeValues(x);
        return ip.newInt(Math.max(0, Math.ceil((e - s) / st)));
      }
      if (ip.lookupType(ip.classOf(x), "__len__") !== null) return ip.callMethod(x, "__len__", []);
      ip.raise("TypeError", `object of type '${ip.typeName(x)}' has no len()`);
    }),
  );
  define(
    "repr",
    B((a) => ip.newStr(ip.repr(a[0]!))),
  );
  define(
    "id",
    B((a) => ip.newInt(ip.addr(a[0]!))),
  );
  define(
    "hash",
    B((a) => ip.newInt(ip.kind(a[0]!) === "int" ? intHash(ip.numExact(a[0]!)!) : ip.addr(a[0]!) >>> 4)),
  );
  define(
    "callable",
    B((a) => ip.bool([t.function, t.builtin, t.method, t.type].includes(ip.typeOf(a[0]!)!))),
  );
  define(
    "iter",
    B((a) => iter(ip, a[0]!)),
  );
  define(
    "next",
    B((a) => {
      const v = next(ip, a[0]!);
      if (v !== UNBOUND) return v;
      if (a.length > 1) return ip.dup(a[1]!);
      throw ip.exceptionWith("StopIteration", []);
    }),
  );
  define(
    "isinstance",
    B((a) => {
      const list = ip.kind(a[1]!) === "tuple" ? ip.seqItems(a[1]!) : [ip.dup(a[1]!)];
      const ok = list.some((k) => {
        const c = ip.classFromObject(k);
        return c !== null && ip.isInstance(a[0]!, c);
      });
      for (const k of list) ip.rel(k);
      return ip.bool(ok);
    }),
  );
  define(
    "issubclass",
    B((a) => {
      const c = ip.classFromObject(a[0]!);
      const b = ip.classFromObject(a[1]!);
      return ip.bool(c !== null && b !== null && ip.isSubclass(c, b));
    }),
  );
  define(
    "getattr",
    B((a) => {
      const v = ip.getAttrOrUnbound(a[0]!, ip.strOf(a[1]!));
      if (v !== UNBOUND) return v;
      if (a.length > 2) return ip.dup(a[2]!);
      return ip.getAttr(a[0]!, ip.strOf(a[1]!));
    }),
  );
  define(
    "hasattr",
    B((a) => {
      const v = ip.getAttrOrUnbound(a[0]!, ip.strOf(a[1]!));
      ip.rel(v);
      return ip.bool(v !== UNBOUND);
    }),
  );
  define(
    "setattr",
    B((a) => {
      ip.setAttr(a[0]!, ip.strOf(a[1]!), a[2]!);
      return 0;
    }),
  );
  define(
    "delattr",
    B((a) => {
      ip.delAttr(a[0]!, ip.strOf(a[1]!));
      return 0;
    }),
  );
  define(
    "abs",
    B((a) => {
      const n = ip.numExact(a[0]!)!;
      if (typeof n === "bigint") return ip.newInt(n < 0n ? -n : n);
      return ip.kind(a[0]!) === "float" ? ip.newFloat(Math.abs(n)) : ip.newInt(Math.abs(n));
    }),
  );
  define(
    "round",
    B((a) => {
      const n = ip.numOf(a[0]!)!;
      if (a.length < 2 || a[1] === 0) return ip.newInt(roundHalfEven(n));
      const d = ip.intOf(a[1]!);
      // The decimal expansion of the double decides, as CPython's correctly rounded round() does.
      return ip.newFloat(Number(n.toFixed(Math.max(0, d))));
    }),
  );
  define(
    "chr",
    B((a) => ip.newStr(String.fromCodePoint(ip.intOf(a[0]!)))),
  );
  define(
    "ord",
    B((a) => ip.newInt(ip.strOf(a[0]!).codePointAt(0)!)),
  );
  define(
    "divmod",
    B((a) => {
      // (a // b, a % b), each as the operators compute it (exact for ints, floats for floats).
      const float = ip.kind(a[0]!) === "float" || ip.kind(a[1]!) === "float";
      if (float && ip.numOf(a[1]!) === 0) ip.raise("ZeroDivisionError", "float divmod()");
      return ip.newTuple([binop(ip, "//", a[0]!, a[1]!), binop(ip, "%", a[0]!, a[1]!)]);
    }),
  );
  define(
    "sum",
    B((a) => {
      const xs = toArray(ip, a[0]!);
      let acc = a.length > 1 ? ip.dup(a[1]!) : ip.newInt(0);
      for (const x of xs) {
        const r = binopAdd(ip, acc, x);
        ip.rel(acc);
        ip.rel(x);
        acc = r;
      }
      return acc;
    }),
  );
  const minmax = (sign: number) =>
    B((a, kw) => {
      const xs = a.length === 1 ? toArray(ip, a[0]!) : a.map((x) => ip.dup(x));
      const keyF = kwValue(ip, kw, "key");
      if (xs.length === 0) {
        const d = kwValue(ip, kw, "default");
        if (d !== UNBOUND) return ip.dup(d);
        ip.raise("ValueError", `${sign > 0 ? "max" : "min"}() arg is an empty sequence`);
      }
      const keys =
        keyF === UNBOUND || keyF === 0
          ? xs.map((x) => ip.dup(x))
          : xs.map((x) => ip.call(ip.dup(keyF), [ip.dup(x)]));
      let best = 0;
      for (let i = 1; i < xs.length; i++) if (cmp(ip, keys[i]!, keys[best]!) * sign > 0) best = i;
      const r = ip.dup(xs[best]!);
      for (const x of [...xs, ...keys]) ip.rel(x);
      return r;
    });
  define("max", minmax(1));
  define("min", minmax(-1));
  define(
    "any",
    B((a) => {
      const xs = toArray(ip, a[0]!);
      return ip.bool(truthCount(ip, xs) > 0);
    }),
  );
  define(
    "all",
    B((a) => {
      const xs = toArray(ip, a[0]!);
      return ip.bool(truthCount(ip, xs) === xs.length);
    }),
  );
  define(
    "sorted",
    B((a, kw) => {
      const xs = toArray(ip, a[0]!);
      const l = ip.newList(xs);
      sortList(ip, l, kwValue(ip, kw, "key"), kwValue(ip, kw, "reverse"));
      return l;
    }),
  );
  define(
    "reversed",
    B((a) => {
      const xs = toArray(ip, a[0]!).reverse();
      return listIterator(ip, xs);
    }),
  );
  define(
    "enumerate",
    B((a) => {
      const xs = toArray(ip, a[0]!);
      const start = a.length > 1 ? ip.intOf(a[1]!) : 0;
      return listIterator(
        ip,
        xs.map((x, i) => ip.newTuple([ip.newInt(start + i), x])),
      );
    }),
  );
  define(
    "zip",
    B((a) => {
      const cols = a.map((x) => toArray(ip, x));
      const n = Math.min(...cols.map((c) => c.length));
      const rows: number[] = [];
      for (let i = 0; i < n; i++) rows.push(ip.newTuple(cols.map((c) => ip.dup(c[i]!))));
      for (const c of cols) for (const x of c) ip.rel(x);
      return listIterator(ip, rows);
    }),
  );
  define(
    "map",
    B((a) => {
      const xs = toArray(ip, a[1]!);
      return listIterator(
        ip,
        xs.map((x) => ip.call(ip.dup(a[0]!), [x])),
      );
    }),
  );
  define(
    "filter",
    B((a) => {
      const xs = toArray(ip, a[1]!);
      const keep = xs.filter((x) => {
        if (a[0] === 0) return ip.truthy(x);
        const r = ip.call(ip.dup(a[0]!), [ip.dup(x)]);
        const ok = ip.truthy(r);
        ip.rel(r);
        return ok;
      });
      for (const x of xs) if (!keep.includes(x)) ip.rel(x);
      return listIterator(ip, keep);
    }),
  );
  define(
    "super",
    B((a) => {
      const f = ip.frame;
      if (a.length >= 2)
        return ip.newSlots(t.super, { __thisclass__: ip.dup(a[0]!), __self__: ip.dup(a[1]!) });
      if (f === null || f.code.classCellSlot < 0) ip.raise("RuntimeError", "super(): no arguments");
      const klass = ip.cellGet(f.locals[f.code.classCellSlot]!);
      const self = f.locals[0]!;
      return ip.newSlots(t.super, { __thisclass__: klass, __self__: ip.cellOrValue(self) });
    }),
  );
  define(
    "exit",
    B((a) => ip.exit(a.length === 0 || a[0] === 0 ? 0 : ip.intOf(a[0]!))),
  );
  define(
    "vars",
    B((a) => ip.getAttr(a[0]!, "__dict__")),
  );
  define(
    "globals",
    B(() => ip.dup(ip.frame!.globals)),
  );
  define(
    "format",
    B((a) => ip.newStr(a.length > 1 ? formatOf(ip, a[0]!, ip.strOf(a[1]!)) : ip.str(a[0]!))),
  );
  void contains;
}

function formatOf(ip: Interp, v: number, spec: string): string {
  return ipFormat(ip, v, spec);
}

import { format as ipFormatRaw } from "../interp/ops";

function ipFormat(ip: Interp, v: number, spec: string): string {
  return ipFormatRaw(ip, v, spec, "");
}

import { binop } from "../interp/ops";

function binopAdd(ip: Interp, a: number, b: number): number {
  return binop(ip, "+", a, b);
}

/** An iterator over a new list of `items` (owned, consumed): what heaplab's enumerate, zip, map return. */
function listIterator(ip: Interp, items: number[]): number {
  const l = ip.newList(items);
  const it = iter(ip, l);
  ip.rel(l);
  return it;
}

/** How many of `xs` (owned, consumed) are true. */
function truthCount(ip: Interp, xs: number[]): number {
  let n = 0;
  for (const x of xs) {
    if (ip.truthy(x)) n++;
    ip.rel(x);
  }
  return n;
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(n: number): number {
  const r = Math.round(n);
  return Math.abs(n % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `d.update(src)` from a dict or an iterable of pairs. */
export function dictUpdate(ip: Interp, d: number, src: number): void {
  if (ip.kind(src) === "dict") {
    ip.dictCopyInto(d, src);
    return;
  }
  for (const pair of toArray(ip, src)) {
    const kv = toArray(ip, pair);
    ip.rt.dictSet(d, kv[0]!, kv[1]!);
    for (const x of kv) ip.rel(x);
    ip.rel(pair);
  }
}

/** Sorts a list in place (stable), by `key` if given. */
export function sortList(ip: Interp, l: number, keyF: number, rev: number): void {
  const xs = ip.seqItems(l);
  const keys =
    keyF === UNBOUND || keyF === 0
      ? xs.map((x) => ip.dup(x))
      : xs.map((x) => ip.call(ip.dup(keyF), [ip.dup(x)]));
  const order = xs.map((_, i) => i);
  const reverse = rev !== UNBOUND && ip.truthy(rev);
  order.sort((i, j) => (reverse ? -1 : 1) * cmp(ip, keys[i]!, keys[j]!) || i - j);
  for (let i = 0; i < order.length; i++) ip.rt.setItem(l, i, xs[order[i]!]!);
  for (const x of [...xs, ...keys]) ip.rel(x);
}

import { installMethods } from "./methods";
