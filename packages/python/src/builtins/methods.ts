import type { ClassInfo, KwArgs } from "../interp/classes";
import { type Interp, UNBOUND } from "../interp/interp";
import { format, iter, toArray } from "../interp/ops";
import { borrowing } from "./classes";
import { dictUpdate, sortList } from "./install";

/**
 * Methods of the built-in classes (list, dict, str, set, tuple), each a native on the class that
 * works on the heap object through the runtime's operations.
 *
 * @example
 * installMethods(ip, ip.cls); // [].append, {}.get, "".join, ...
 */
export function installMethods(ip: Interp, cls: Record<string, ClassInfo>): void {
  const def = (c: string, name: string, fn: (a: number[], kw: KwArgs | null) => number) =>
    cls[c]!.natives.set(name, borrowing(ip, fn));
  const rt = ip.rt;
  const kwOr = (kw: KwArgs | null, name: string, pos: number | undefined): number => {
    if (pos !== undefined) return pos;
    const i = kw?.names.indexOf(name) ?? -1;
    return i < 0 ? UNBOUND : kw!.values[i]!;
  };

  // ---------------------------------------------------------------- list
  def("list", "append", (a) => {
    rt.append(a[0]!, a[1]!);
    return 0;
  });
  def("list", "extend", (a) => {
    for (const x of toArray(ip, a[1]!)) {
      rt.append(a[0]!, x);
      ip.rel(x);
    }
    return 0;
  });
  def("list", "pop", (a) => {
    const n = rt.len(a[0]!);
    if (n === 0) ip.raise("IndexError", "pop from empty list");
    const i = a.length > 1 ? ip.intOf(a[1]!) : -1;
    if (i >= n || i < -n) ip.raise("IndexError", "pop index out of range");
    return ip.persist(rt.pop(a[0]!, i));
  });
  def("list", "clear", (a) => {
    rt.clear(a[0]!);
    return 0;
  });
  def("list", "insert", (a) => {
    const n = rt.len(a[0]!);
    let i = ip.intOf(a[1]!);
    if (i < 0) i = Math.max(0, i + n);
    i = Math.min(i, n);
    rt.append(a[0]!, a[2]!);
    for (let k = n; k > i; k--) {
      const prev = ip.persist(rt.getItem(a[0]!, k - 1));
      rt.setItem(a[0]!, k, prev);
      ip.rel(prev);
    }
    rt.setItem(a[0]!, i, a[2]!);
    return 0;
  });
  const indexOf = (l: number, x: number): number => {
    const xs = ip.seqItems(l);
    const i = xs.findIndex((h) => ip.addr(h) === ip.addr(x) || ip.eq(h, x));
    for (const h of xs) ip.rel(h);
    return i;
  };
  def("list", "remove", (a) => {
    const i = indexOf(a[0]!, a[1]!);
    if (i < 0) ip.raise("ValueError", "list.remove(x): x not in list");
    rt.delItem(a[0]!, i);
    return 0;
  });
  for (const c of ["list", "tuple"]) {
    def(c, "index", (a) => {
      const i = indexOf(a[0]!, a[1]!);
      if (i < 0) ip.raise("ValueError", `${ip.repr(a[1]!)} is not in ${c}`);
      return ip.newInt(i);
    });
    def(c, "count", (a) => {
      const xs = ip.seqItems(a[0]!);
      const n = xs.filter((h) => ip.eq(h, a[1]!)).length;
      for (const h of xs) ip.rel(h);
      return ip.newInt(n);
    });
  }
  def("list", "copy", (a) => ip.newList(ip.seqItems(a[0]!)));
  def("list", "reverse", (a) => {
    const xs = ip.seqItems(a[0]!).reverse();
    for (let i = 0; i < xs.length; i++) rt.setItem(a[0]!, i, xs[i]!);
    for (const h of xs) ip.rel(h);
    return 0;
  });
  def("list", "sort", (a, kw) => {
    sortList(ip, a[0]!, kwOr(kw, "key", undefined), kwOr(kw, "reverse", undefined));
    return 0;
  });

  // ---------------------------------------------------------------- dict
  def("dict", "get", (a) => {
    const v = ip.dictLookup(a[0]!, a[1]!);
    return v !== UNBOUND ? v : a.length > 2 ? ip.dup(a[2]!) : 0;
  });
  def("dict", "setdefault", (a) => {
    const v = ip.dictLookup(a[0]!, a[1]!);
    if (v !== UNBOUND) return v;
    const d = a.length > 2 ? a[2]! : 0;
    rt.dictSet(a[0]!, a[1]!, d);
    return ip.dup(d);
  });
  def("dict", "pop", (a) => {
    const v = ip.dictLookup(a[0]!, a[1]!);
    if (v === UNBOUND) {
      if (a.length > 2) return ip.dup(a[2]!);
      throw ip.exceptionWith("KeyError", [ip.dup(a[1]!)]);
    }
    rt.dictDelete(a[0]!, a[1]!);
    return v;
  });
  def("dict", "popitem", (a) => {
    const es = ip.dictEntries(a[0]!);
    if (es.length === 0) throw ip.exceptionWith("KeyError", [ip.newStr("popitem(): dictionary is empty")]);
    const [k, v] = es[es.length - 1]!;
    const pair = ip.newTuple([ip.own(k), ip.own(v)]);
    const kh = ip.own(k);
    rt.dictDelete(a[0]!, kh);
    ip.rel(kh);
    return pair;
  });
  const view = (a: number[], pick: (k: number, v: number) => number) =>
    ip.newList(ip.dictEntries(a[0]!).map(([k, v]) => pick(k, v)));
  def("dict", "keys", (a) => view(a, (k) => ip.own(k)));
  def("dict", "values", (a) => view(a, (_k, v) => ip.own(v)));
  def("dict", "items", (a) => view(a, (k, v) => ip.newTuple([ip.own(k), ip.own(v)])));
  def("dict", "update", (a, kw) => {
    if (a.length > 1) dictUpdate(ip, a[0]!, a[1]!);
    kw?.names.forEach((n, i) => {
      const k = ip.intern(n);
      rt.dictSet(a[0]!, k, kw.values[i]!);
      ip.rel(k);
    });
    return 0;
  });
  def("dict", "clear", (a) => {
    rt.clear(a[0]!);
    return 0;
  });
  def("dict", "copy", (a) => {
    const d = ip.newDict();
    dictUpdate(ip, d, a[0]!);
    return d;
  });

  // ---------------------------------------------------------------- set
  def("set", "add", (a) => {
    rt.add(a[0]!, a[1]!);
    return 0;
  });
  def("set", "discard", (a) => {
    rt.discard(a[0]!, a[1]!);
    return 0;
  });
  def("set", "remove", (a) => {
    if (!rt.contains(a[0]!, a[1]!)) throw ip.exceptionWith("KeyError", [ip.dup(a[1]!)]);
    rt.discard(a[0]!, a[1]!);
    return 0;
  });
  def("set", "clear", (a) => {
    rt.clear(a[0]!);
    return 0;
  });
  def("set", "update", (a) => {
    for (const x of toArray(ip, a[1]!)) {
      rt.add(a[0]!, x);
      ip.rel(x);
    }
    return 0;
  });

  // ---------------------------------------------------------------- str
  const s = (h: number) => ip.strOf(h);
  def("str", "join", (a) => {
    const xs = toArray(ip, a[1]!);
    const parts = xs.map((x) => {
      if (!ip.isStr(x))
        ip.raise("TypeError", `sequence item: expected str instance, ${ip.typeName(x)} found`);
      return s(x);
    });
    for (const x of xs) ip.rel(x);
    return ip.newStr(parts.join(s(a[0]!)));
  });
  def("str", "split", (a) => {
    const sep = a.length > 1 && a[1] !== 0 ? s(a[1]!) : null;
    const parts =
      sep === null
        ? s(a[0]!)
            .split(/\s+/)
            .filter((p) => p !== "")
        : s(a[0]!).split(sep);
    return ip.newList(parts.map((p) => ip.newStr(p)));
  });
  def("str", "strip", (a) => ip.newStr(s(a[0]!).trim()));
  def("str", "lstrip", (a) => ip.newStr(s(a[0]!).trimStart()));
  def("str", "rstrip", (a) => ip.newStr(s(a[0]!).trimEnd()));
  def("str", "upper", (a) => ip.newStr(s(a[0]!).toUpperCase()));
  def("str", "lower", (a) => ip.newStr(s(a[0]!).toLowerCase()));
  def("str", "startswith", (a) => ip.bool(s(a[0]!).startsWith(s(a[1]!))));
  def("str", "endswith", (a) => ip.bool(s(a[0]!).endsWith(s(a[1]!))));
  def("str", "replace", (a) => ip.newStr(s(a[0]!).split(s(a[1]!)).join(s(a[2]!))));
  def("str", "find", (a) => ip.newInt(s(a[0]!).indexOf(s(a[1]!))));
  def("str", "count", (a) => ip.newInt(s(a[0]!).split(s(a[1]!)).length - 1));
  def("str", "isdigit", (a) => ip.bool(/^[0-9]+$/.test(s(a[0]!))));
  def("str", "isalpha", (a) => ip.bool(/^[A-Za-z]+$/.test(s(a[0]!))));
  def("str", "isidentifier", (a) => ip.bool(/^[A-Za-z_][A-Za-z0-9_]*$/.test(s(a[0]!))));
  def("str", "ljust", (a) => ip.newStr(s(a[0]!).padEnd(ip.intOf(a[1]!))));
  def("str", "rjust", (a) => ip.newStr(s(a[0]!).padStart(ip.intOf(a[1]!))));
  def("str", "encode", (a) => ip.persist(rt.newBytes(new TextEncoder().encode(s(a[0]!)))));
  def("str", "format", (a, kw) => {
    let auto = 1;
    const out = s(a[0]!).replace(
      /\{([^{}:!]*)(?:!([rs]))?(?::([^{}]*))?\}/g,
      (_m, field: string, conv = "", spec = "") => {
        let v: number;
        if (field === "") v = a[auto++]!;
        else if (/^\d+$/.test(field)) v = a[Number(field) + 1]!;
        else v = kw!.values[kw!.names.indexOf(field)]!;
        return format(ip, v, spec, conv);
      },
    );
    return ip.newStr(out.replace(/\{\{/g, "{").replace(/\}\}/g, "}"));
  });

  // ---------------------------------------------------------------- int, generator
  def("int", "bit_length", (a) => ip.newInt(Math.abs(ip.intOf(a[0]!)).toString(2).replace(/^0$/, "").length));
  def("generator", "close", (a) => {
    ip.closeGenerator(a[0]!);
    return 0;
  });
  def("generator", "__iter__", (a) => ip.dup(a[0]!));
  void iter;
}
