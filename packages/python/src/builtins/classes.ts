import { TypeId, type TypeInfo } from "@heaplab/runtime";
import type { ClassInfo, KwArgs, NativeFn } from "../interp/classes";
import { type Interp, UNBOUND } from "../interp/interp";

/** A native whose arguments are borrowed: the wrapper releases them after the call. */
export type Borrowing = (args: number[], kw: KwArgs | null) => number;

/** Wraps a borrowing native as a `NativeFn` (which consumes its arguments). */
export function borrowing(ip: Interp, fn: Borrowing): NativeFn {
  return (args, kw) => {
    try {
      return fn(args, kw);
    } finally {
      for (const a of args) ip.rel(a);
      if (kw !== null) for (const v of kw.values) ip.rel(v);
    }
  };
}

/** Builds the `type` object and ClassInfo of a class; `dict` is an owned handle (consumed) or 0. */
export function makeClassInfo(
  ip: Interp,
  name: string,
  bases: ClassInfo[],
  dict: number,
  instanceType: TypeInfo | null,
  typeIds: number[],
): ClassInfo {
  const id = ip.classes.length;
  const mro: ClassInfo[] = [];
  const c: ClassInfo = {
    id,
    name,
    obj: 0,
    dict: dict === 0 ? ip.newDict() : dict,
    bases,
    mro,
    instanceType,
    natives: new Map(),
    construct: null,
    isException: bases.some((b) => b.isException),
    slots: null,
  };
  mro.push(c, ...linearize(bases));
  const obj = ip.newSlots(ip.t.type, {
    __dict__: ip.dup(c.dict),
    __name__: ip.intern(name),
    __bases__: ip.newTuple(bases.map((b) => ip.dup(b.obj))),
  });
  ip.setRaw(obj, ip.t.type, 0, id);
  c.obj = obj;
  ip.addClass(c, typeIds);
  return c;
}

/** C3 linearization of the bases' MROs (what `__mro__` lists after the class itself). */
function linearize(bases: ClassInfo[]): ClassInfo[] {
  const seqs = [...bases.map((b) => [...b.mro]), [...bases]].filter((s) => s.length > 0);
  const out: ClassInfo[] = [];
  while (seqs.some((s) => s.length > 0)) {
    const live = seqs.filter((s) => s.length > 0);
    const head = live.map((s) => s[0]!).find((h) => !live.some((s) => s.indexOf(h) > 0));
    if (head === undefined) throw new Error("Cannot create a consistent method resolution order (MRO)");
    out.push(head);
    for (const s of live) if (s[0] === head) s.shift();
  }
  return out;
}

/**
 * The `class` statement's type creation: a user class gets its own TypeInfo (3.11's managed-dict
 * instance, or a `__slots__` layout), with `__del__` as the TypeInfo's finalizer when the class or a
 * base defines it.
 */
export function installClassMaker(ip: Interp): void {
  ip.classMaker = (name, baseHs, ns) => {
    const bases = baseHs.map((b) => {
      const c = ip.classFromObject(b);
      if (c === null) ip.raise("TypeError", "bases must be types");
      return c;
    });
    for (const b of baseHs) ip.rel(b);
    if (bases.length === 0) bases.push(ip.cls.object!);
    for (const b of bases) {
      if (b.construct !== null && b !== ip.cls.object)
        ip.raise("TypeError", `heaplab cannot subclass the built-in type '${b.name}' yet`);
    }
    const key = ip.intern("__slots__");
    const slotsV = ip.dictLookup(ns, key);
    ip.rel(key);
    let slots: string[] | null = null;
    if (slotsV !== UNBOUND) {
      const names = ip.kind(slotsV) === "str" ? [ip.dup(slotsV)] : ip.seqItems(slotsV);
      slots = names.map((h) => ip.strOf(h));
      for (const h of names) ip.rel(h);
      ip.rel(slotsV);
    }
    const hasDel = (() => {
      const k = ip.intern("__del__");
      const own = ip.rt.contains(ns, k);
      ip.rel(k);
      return own || bases.some((b) => b.instanceType?.finalizer != null);
    })();
    const finalizer = hasDel
      ? (self: number) => {
          const h = ip.dup(self);
          try {
            ip.rel(ip.callMethod(h, "__del__", []));
          } catch (e) {
            ip.unraisable(e, `${name}.__del__`);
          } finally {
            ip.rel(h);
          }
        }
      : null;
    const weak = slots === null ? true : slots.includes("__weakref__");
    const t =
      slots !== null && bases.every((b) => b === ip.cls.object)
        ? ip.rt.types.register({
            name,
            kind: "slots",
            slots: slots.filter((s) => s !== "__weakref__" && s !== "__dict__"),
            weakrefable: weak,
            finalizer,
          })
        : ip.rt.types.register({ name, kind: "instance", finalizer });
    const dict = ip.newDict();
    ip.dictCopyInto(dict, ns);
    const c = makeClassInfo(ip, name, bases, dict, t, [t.id]);
    c.slots = slots;
    return ip.dup(c.obj);
  };
}

/** Creates a built-in class over runtime or interpreter heap types. */
export function builtinClass(
  ip: Interp,
  name: string,
  base: ClassInfo | null,
  typeIds: number[],
  construct: NativeFn | null,
): ClassInfo {
  const c = makeClassInfo(ip, name, base === null ? [] : [base], 0, null, typeIds);
  c.construct = construct;
  return c;
}

/** The heap type ids of the runtime's built-in kinds. */
export const HeapIds = TypeId;
