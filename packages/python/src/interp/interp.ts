import { HeaplabError, type LinearMemory, type Runtime, TypeId, type TypeInfo } from "@heaplab/runtime";
import {
  DICT_KEYS,
  DK_NENTRIES,
  entryKeySlot,
  LIST_ITEMS,
  OB_SIZE,
  readIntExact,
  TUPLE_ITEMS,
} from "@heaplab/runtime/internals";
import { PyException, SystemExitSignal } from "../errors";
import { floatRepr } from "../objects/float-repr";
import type { IntValue } from "../objects/py-int";
import { type PyTypes, rawOffset, registerPyTypes, slotAt } from "../objects/py-types";
import type { ClassInfo, KwArgs, NativeFn } from "./classes";
import { type CodeInfo, Flow, type Frame } from "./frame";
import type { LineProfiler } from "./line-profiler";

/** An empty local slot (unbound name); distinct from None, which is handle 0. */
export const UNBOUND = -1;

/** Python's default `sys.getrecursionlimit()`. */
export const RECURSION_LIMIT = 1000;

/**
 * The interpreter's object operations on heap values. Every value is a handle into the runtime's handle
 * table holding one strong reference; a function returning a handle hands its reference to the caller,
 * a function taking an argument borrows it unless it says "consumes".
 *
 * @example
 * const i = new Interp(rt, out, err);
 * const s = i.newStr("x"); i.repr(s); // "'x'"; i.rel(s);
 */
export class Interp {
  readonly m: LinearMemory;
  readonly t: PyTypes;
  readonly classes: ClassInfo[] = [];
  private readonly byTypeId = new Map<number, ClassInfo>();
  readonly natives: NativeFn[] = [];
  readonly codes: CodeInfo[] = [];
  readonly builtins: number;
  readonly True: number;
  readonly False: number;
  readonly interned = new Map<string, number>();
  depth = 0;
  frame: Frame | null = null;
  /** memory_profiler's `@profile`, when the run asked for it (`--profile`). */
  profiler: LineProfiler | null = null;
  onLine: ((line: number, filename: string) => void) | null = null;
  /** Set once the built-in classes exist. */
  cls!: Record<string, ClassInfo>;

  constructor(
    readonly rt: Runtime,
    readonly write: (text: string) => void,
    readonly writeErr: (text: string) => void,
  ) {
    this.m = rt.memory;
    this.t = registerPyTypes(rt, (g) => this.closeGenerator(g));
    this.True = this.boolObject(1);
    this.False = this.boolObject(0);
    this.builtins = this.persist(rt.newDict());
  }

  private boolObject(v: number): number {
    const h = this.persist(this.rt.newObject(this.t.bool));
    this.m.u32[(this.rt.addressOf(h) + rawOffset(this.t.bool)) >>> 2] = v;
    return h;
  }

  // ---------------------------------------------------------------- handles

  /** Makes a scoped handle from the runtime an owned one. */
  persist(h: number): number {
    if (h !== 0) this.rt.handles.persist(h);
    return h;
  }

  /** A new owned handle to the same object. */
  dup(h: number): number {
    return h <= 0 ? h : this.rt.handles.create(this.rt.handles.get(h), false, true);
  }

  /** Releases an owned handle (None and UNBOUND are no-ops). */
  rel(h: number): void {
    if (h > 0) this.rt.handles.release(h);
  }

  /** An owned handle to the object at `addr`. */
  own(addr: number): number {
    return addr === 0 ? 0 : this.rt.handles.create(addr, false, true);
  }

  addr(h: number): number {
    return this.rt.handles.get(h);
  }

  typeOf(h: number): TypeInfo | null {
    const a = this.rt.handles.get(h);
    return a === 0 ? null : this.rt.model.typeOf(a);
  }

  // ---------------------------------------------------------------- values

  /**
   * An int with value `v`: a safe integer (the fast path), a bigint (demoted when it fits), or an
   * integral double past 2**53, which becomes the exact integer it denotes (`int(1e20)`).
   */
  newInt(v: number | bigint): number {
    if (typeof v === "number" && !Number.isSafeInteger(v)) {
      if (!Number.isFinite(v)) this.raise("OverflowError", "cannot convert float infinity to integer");
      if (!Number.isInteger(v)) this.raise("ValueError", `${v} is not an integer`);
      return this.persist(this.rt.newInt(BigInt(v)));
    }
    return this.persist(this.rt.newInt(v === 0 ? 0 : v));
  }

  newFloat(v: number): number {
    return this.persist(this.rt.newFloat(v));
  }

  newStr(s: string): number {
    if (s.length <= 1 && (s.length === 0 || s.charCodeAt(0) < 256)) return this.intern(s);
    return this.persist(this.rt.newStr(s));
  }

  /** The interned str for `s` (`sys.intern`, identifiers, one-character Latin-1 strings). */
  intern(s: string): number {
    let h = this.interned.get(s);
    if (h === undefined) {
      h = this.persist(this.rt.intern(s));
      this.interned.set(s, h);
    }
    return this.dup(h);
  }

  bool(b: boolean): number {
    return this.dup(b ? this.True : this.False);
  }

  newTuple(items: number[]): number {
    const h = this.persist(this.rt.newTuple(items));
    for (const x of items) this.rel(x);
    return h;
  }

  newList(items: number[]): number {
    const h = this.persist(this.rt.newList(items));
    for (const x of items) this.rel(x);
    return h;
  }

  /**
   * A list made by `list_extend` into an empty list (`list(seq)`, a constant display such as
   * `[1, 2, 3]`): CPython 3.11 preallocates the item array exactly, rounded up to an even count.
   * Items are owned (consumed).
   */
  newListPreallocated(items: number[]): number {
    if (items.length % 2 === 0) return this.newList(items);
    const l = this.newList([...items, 0]);
    this.rel(this.persist(this.rt.pop(l)));
    return l;
  }

  newDict(): number {
    return this.persist(this.rt.newDict());
  }

  // ---------------------------------------------------------------- kinds

  kind(h: number): string {
    const t = this.typeOf(h);
    if (t === this.t.slice) return "slice";
    return t === null ? "none" : t.kind;
  }

  isStr(h: number): boolean {
    return this.typeOf(h)?.id === TypeId.str;
  }

  intOf(h: number): number {
    const t = this.typeOf(h);
    if (t?.id === TypeId.int) return this.rt.intValue(h);
    if (t === this.t.bool) return this.m.u32[(this.addr(h) + rawOffset(t)) >>> 2]!;
    throw this.typeError(`'${this.typeName(h)}' object cannot be interpreted as an integer`);
  }

  /** A number's value (int, bool or float), or null; an int past 2**53 is rounded (see `numExact`). */
  numOf(h: number): number | null {
    const v = this.numExact(h);
    return typeof v === "bigint" ? Number(v) : v;
  }

  /** A number's exact value: an int past 2**53 as a bigint (`IntValue`), a float or bool as a number. */
  numExact(h: number): IntValue | null {
    const t = this.typeOf(h);
    if (t === null) return null;
    if (t.id === TypeId.int) return readIntExact(this.m, this.addr(h));
    if (t.id === TypeId.float) return this.rt.floatValue(h);
    if (t === this.t.bool) return this.m.u32[(this.addr(h) + rawOffset(t)) >>> 2]!;
    return null;
  }

  strOf(h: number): string {
    return this.rt.strValue(h);
  }

  slot(h: number, t: TypeInfo, name: string): number {
    return this.own(this.m.u32[(this.addr(h) + slotAt(t, name)) >>> 2]!);
  }

  raw(h: number, t: TypeInfo, word = 0): number {
    return this.m.u32[(this.addr(h) + rawOffset(t) + 8 * word) >>> 2]!;
  }

  setRaw(h: number, t: TypeInfo, word: number, v: number): void {
    this.m.u32[(this.addr(h) + rawOffset(t) + 8 * word) >>> 2] = v;
  }

  /** New object of an interpreter slots type, slots filled from owned handles (consumed). */
  newSlots(t: TypeInfo, values: Record<string, number>): number {
    const h = this.persist(this.rt.newObject(t));
    for (const [k, v] of Object.entries(values)) {
      if (v > 0) {
        this.rt.setSlot(h, t.slots.indexOf(k), v);
        this.rel(v);
      }
    }
    return h;
  }

  /** Items of a tuple or list, as owned handles. */
  seqItems(h: number): number[] {
    const a = this.addr(h);
    const t = this.rt.model.typeOf(a);
    const n = this.m.u32[(a + OB_SIZE) >>> 2]!;
    const out: number[] = new Array(n);
    if (t.id === TypeId.tuple) {
      for (let i = 0; i < n; i++) out[i] = this.own(this.m.u32[(a + TUPLE_ITEMS + 8 * i) >>> 2]!);
    } else {
      const arr = this.m.u32[(a + LIST_ITEMS) >>> 2]!;
      for (let i = 0; i < n; i++) out[i] = this.own(this.m.u32[(arr + 8 * i) >>> 2]!);
    }
    return out;
  }

  /** The (key, value) addresses of a dict in insertion order. */
  dictEntries(h: number): [number, number][] {
    const d = this.addr(h);
    const keys = this.m.u32[(d + DICT_KEYS) >>> 2]!;
    const out: [number, number][] = [];
    if (keys === 0) return out;
    const n = this.m.u32[(keys + DK_NENTRIES) >>> 2]!;
    for (let ix = 0; ix < n; ix++) {
      const ks = entryKeySlot(this.m, keys, ix);
      const k = this.m.u32[ks >>> 2]!;
      if (k !== 0) out.push([k, this.m.u32[(ks + 8) >>> 2]!]);
    }
    return out;
  }

  /** Copies every entry of dict `src` into dict `d` (both borrowed), in `src`'s order. */
  dictCopyInto(d: number, src: number): void {
    for (const [k, v] of this.dictEntries(src)) {
      const kh = this.own(k);
      const vh = this.own(v);
      this.rt.dictSet(d, kh, vh);
      this.rel(kh);
      this.rel(vh);
    }
  }

  /** `d.get(key)` as an owned handle, or UNBOUND. */
  dictLookup(d: number, key: number): number {
    if (!this.rt.contains(d, key)) return UNBOUND;
    return this.persist(this.rt.dictGet(d, key));
  }

  // ---------------------------------------------------------------- classes

  /** Records a class; `typeIds` are the heap type ids whose objects are its instances. */
  addClass(c: ClassInfo, typeIds: number[]): void {
    this.classes[c.id] = c;
    for (const id of typeIds) this.byTypeId.set(id, c);
  }

  classOf(h: number): ClassInfo {
    const a = this.addr(h);
    if (a === 0) return this.cls.NoneType!;
    const c = this.byTypeId.get(this.rt.model.typeId(a));
    if (c === undefined) throw new HeaplabError(`no class for heap type ${this.rt.model.typeOf(a).name}`);
    return c;
  }

  /** The class a `type` object stands for. */
  classFromObject(h: number): ClassInfo | null {
    if (this.typeOf(h) !== this.t.type) return null;
    return this.classes[this.raw(h, this.t.type)]!;
  }

  typeName(h: number): string {
    return this.classOf(h).name;
  }

  isSubclass(c: ClassInfo, base: ClassInfo): boolean {
    return c === base || c.mro.includes(base);
  }

  isInstance(h: number, c: ClassInfo): boolean {
    return this.isSubclass(this.classOf(h), c);
  }

  /**
   * Finds `name` along a class's MRO: an owned handle to the class attribute, a native method, or null.
   */
  lookupType(c: ClassInfo, name: string): { h: number } | { native: NativeFn } | null {
    for (const k of c.mro) {
      const nf = k.natives.get(name);
      if (nf !== undefined) return { native: nf };
      if (k.dict !== 0) {
        const key = this.intern(name);
        const v = this.dictLookup(k.dict, key);
        this.rel(key);
        if (v !== UNBOUND) return { h: v };
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- exceptions

  /** Makes an exception instance of the named built-in class and throws it. */
  raise(cls: string, message: string | null): never {
    throw this.exception(cls, message);
  }

  exception(cls: string, message: string | null): PyException {
    const c = this.cls[cls]!;
    const args = message === null ? [] : [this.newStr(message)];
    return new PyException(this.instantiate(c, args, null));
  }

  /** An exception of a built-in class with the given owned args (consumed). */
  exceptionWith(cls: string, args: number[]): PyException {
    return new PyException(this.instantiate(this.cls[cls]!, args, null));
  }

  typeError(message: string): PyException {
    return this.exception("TypeError", message);
  }

  /** Turns a runtime error (KeyError, MemoryError, a JS stack overflow) into a Python exception. */
  toPy(e: unknown): PyException {
    if (e instanceof PyException) return e;
    if (e instanceof SystemExitSignal) throw e;
    if (e instanceof HeaplabError) {
      if (e.message.startsWith("KeyError: ")) return this.exception("KeyError", e.message.slice(10));
      const name = e.name in this.cls ? e.name : "RuntimeError";
      if (name === "MemoryError") return this.exception("MemoryError", null);
      return this.exception(name, e.message);
    }
    if (e instanceof RangeError && /call stack/.test(e.message)) {
      return this.exception("RecursionError", "maximum recursion depth exceeded");
    }
    throw e;
  }

  // ---------------------------------------------------------------- calls

  /** Instantiates class `c` with owned args (consumed): `C(*args, **kw)`. */
  instantiate(c: ClassInfo, args: number[], kw: KwArgs | null): number {
    if (c.construct !== null && c.instanceType === null) return c.construct(args, kw);
    let self: number;
    const base = c.mro.find((k) => k.construct !== null && k.instanceType === null);
    if (c.instanceType === null) throw this.typeError(`cannot create '${c.name}' instances`);
    self = this.persist(this.rt.newObject(c.instanceType));
    void base;
    const init = this.lookupType(c, "__init__");
    if (init !== null && "h" in init) {
      args.unshift(this.dup(self));
      const r = this.call(init.h, args, kw);
      this.rel(init.h);
      this.rel(r);
    } else if (init !== null && "native" in init) {
      args.unshift(this.dup(self));
      this.rel(init.native(args, kw));
    } else {
      for (const a of args) this.rel(a);
      if (kw !== null) for (const v of kw.values) this.rel(v);
    }
    return self;
  }

  /** Calls a callable with owned args (consumed). */
  call(fn: number, args: number[], kw: KwArgs | null = null): number {
    const t = this.typeOf(fn);
    if (t === this.t.function) return this.callFunction(fn, args, kw);
    if (t === this.t.builtin) {
      const self = this.m.u32[(this.addr(fn) + slotAt(t, "__self__")) >>> 2]!;
      if (self !== 0) args.unshift(this.own(self));
      return this.natives[this.raw(fn, t)]!(args, kw);
    }
    if (t === this.t.method) {
      args.unshift(this.slot(fn, t, "__self__"));
      const f = this.slot(fn, t, "__func__");
      try {
        return this.call(f, args, kw);
      } finally {
        this.rel(f);
      }
    }
    if (t === this.t.type) return this.instantiate(this.classFromObject(fn)!, args, kw);
    const callm = t === null ? null : this.lookupType(this.classOf(fn), "__call__");
    if (callm !== null && "native" in callm) {
      args.unshift(this.dup(fn));
      return callm.native(args, kw);
    }
    if (callm !== null && "h" in callm) {
      args.unshift(this.dup(fn));
      try {
        return this.call(callm.h, args, kw);
      } finally {
        this.rel(callm.h);
      }
    }
    for (const a of args) this.rel(a);
    throw this.typeError(`'${this.typeName(fn)}' object is not callable`);
  }

  /** Runs a Python function: binds the arguments into a new frame's fast locals and runs its body. */
  callFunction(fn: number, args: number[], kw: KwArgs | null): number {
    const code = this.codes[this.codeId(fn)]!;
    return code.invoke(fn, args, kw);
  }

  codeId(fn: number): number {
    const ft = this.t.function;
    const c = this.m.u32[(this.addr(fn) + slotAt(ft, "__code__")) >>> 2]!;
    return this.m.u32[(c + rawOffset(this.t.code)) >>> 2]!;
  }

  /**
   * `obj.name(args)` as CPython 3.11's LOAD_METHOD + CALL: a function found on the class is called with
   * `obj` prepended and no bound method is made. Args are owned (consumed).
   */
  callMethod(obj: number, name: string, args: number[], kw: KwArgs | null = null): number {
    const t = this.typeOf(obj);
    if (
      t !== null &&
      t !== this.t.type &&
      t !== this.t.module &&
      t !== this.t.super &&
      !this.hasInstanceAttr(obj, name)
    ) {
      const found = this.lookupType(this.classOf(obj), name);
      if (found !== null) {
        if ("native" in found) {
          args.unshift(this.dup(obj));
          return found.native(args, kw);
        }
        const ft = this.typeOf(found.h);
        if (ft === this.t.function) {
          args.unshift(this.dup(obj));
          try {
            return this.call(found.h, args, kw);
          } finally {
            this.rel(found.h);
          }
        }
        this.rel(found.h);
      }
    }
    const f = this.getAttr(obj, name);
    try {
      return this.call(f, args, kw);
    } finally {
      this.rel(f);
    }
  }

  private hasInstanceAttr(obj: number, name: string): boolean {
    const t = this.typeOf(obj)!;
    return t.kind === "instance" && this.rt.attributeNames(t).includes(name);
  }

  // ---------------------------------------------------------------- attributes

  /** `obj.name`: instance attributes, then the class (functions become bound methods), then natives. */
  getAttr(obj: number, name: string): number {
    const r = this.getAttrOrUnbound(obj, name);
    if (r !== UNBOUND) return r;
    const t = this.typeOf(obj);
    if (t !== null && (t.kind === "instance" || t.kind === "slots") && this.classFromObject(obj) === null) {
      // `__getattr__` answers what normal lookup did not find.
      const hook = this.lookupType(this.classOf(obj), "__getattr__");
      if (hook !== null && "h" in hook) {
        this.rel(hook.h);
        return this.callMethod(obj, "__getattr__", [this.intern(name)]);
      }
    }
    const c = this.classFromObject(obj);
    if (c !== null) this.raise("AttributeError", `type object '${c.name}' has no attribute '${name}'`);
    if (this.typeOf(obj) === this.t.module) {
      const mn = this.strOf(this.slot(obj, this.t.module, "__name__"));
      this.raise("AttributeError", `module '${mn}' has no attribute '${name}'`);
    }
    this.raise("AttributeError", `'${this.typeName(obj)}' object has no attribute '${name}'`);
  }

  getAttrOrUnbound(obj: number, name: string): number {
    const t = this.typeOf(obj);
    if (t !== null) {
      if (t.kind === "instance" || t.kind === "slots") {
        const special = this.specialAttr(obj, t, name);
        if (special !== UNBOUND) return special;
      }
      if (t.kind === "instance" && this.rt.attributeNames(t).includes(name)) {
        try {
          return this.persist(this.rt.getAttr(obj, name));
        } catch {
          /* deleted attribute: fall through to the class */
        }
      }
      if (t.kind === "slots" && t.slots.includes(name) && this.classOf(obj).instanceType === t) {
        const v = this.m.u32[(this.addr(obj) + slotAt(t, name)) >>> 2]!;
        if (v === 0) this.raise("AttributeError", `'${t.name}' object has no attribute '${name}'`);
        return this.own(v);
      }
    }
    if (t === this.t.super) return this.superAttr(obj, name);
    const cls = this.classFromObject(obj);
    if (cls !== null) {
      if (name === "__name__") return this.newStr(cls.name);
      const found = this.lookupType(cls, name);
      if (found === null) return UNBOUND;
      if ("native" in found) return this.nativeObject(name, found.native, 0);
      return this.descriptorGet(found.h, 0, cls);
    }
    const found = this.lookupType(this.classOf(obj), name);
    if (found === null) return UNBOUND;
    if ("native" in found) return this.nativeObject(name, found.native, obj);
    return this.descriptorGet(found.h, obj);
  }

  /** `super().name`: the MRO of `type(self)` after the class `super` was made in. */
  private superAttr(sup: number, name: string): number {
    const klassH = this.slot(sup, this.t.super, "__thisclass__");
    const self = this.slot(sup, this.t.super, "__self__");
    try {
      const klass = this.classFromObject(klassH)!;
      const mro = this.classOf(self).mro;
      for (const k of mro.slice(mro.indexOf(klass) + 1)) {
        const nf = k.natives.get(name);
        if (nf !== undefined) return this.nativeObject(name, nf, self);
        const key = this.intern(name);
        const v = this.dictLookup(k.dict, key);
        this.rel(key);
        if (v !== UNBOUND) return this.descriptorGet(v, self);
      }
      return UNBOUND;
    } finally {
      this.rel(klassH);
      this.rel(self);
    }
  }

  /** A class attribute seen through an instance: functions bind, properties call their getter. */
  private descriptorGet(v: number, self: number, owner: ClassInfo | null = null): number {
    const vt = this.typeOf(v);
    if (self !== 0 && vt === this.t.function) {
      return this.newSlots(this.t.method, { __func__: v, __self__: this.dup(self) });
    }
    if (vt !== null && vt.kind === "instance" && this.classOf(v) === this.cls.property) {
      if (self === 0) return v;
      const getter = this.persist(this.rt.getAttr(v, "fget"));
      this.rel(v);
      try {
        return this.call(getter, [this.dup(self)]);
      } finally {
        this.rel(getter);
      }
    }
    if (vt !== null && vt.kind === "instance" && this.classOf(v) === this.cls.staticmethod) {
      const f = this.persist(this.rt.getAttr(v, "f"));
      this.rel(v);
      return f;
    }
    if (vt !== null && vt.kind === "instance" && this.classOf(v) === this.cls.classmethod) {
      const f = this.persist(this.rt.getAttr(v, "f"));
      this.rel(v);
      const cls = self !== 0 ? this.classOf(self) : owner;
      return this.newSlots(this.t.method, { __func__: f, __self__: cls === null ? 0 : this.dup(cls.obj) });
    }
    return v;
  }

  /** Attributes CPython computes: `__class__`, `__dict__`-less reads of the interpreter's objects. */
  private specialAttr(obj: number, t: TypeInfo, name: string): number {
    if (name === "__class__") return this.dup(this.classOf(obj).obj);
    if (t === this.t.function) {
      if (name === "__closure__" || name === "__name__" || name === "__defaults__" || name === "__code__")
        return this.slot(obj, t, name);
      if (name === "__qualname__") return this.slot(obj, t, name);
    }
    if (t === this.t.cell && name === "cell_contents") {
      const v = this.m.u32[(this.addr(obj) + slotAt(t, "cell_contents")) >>> 2]!;
      if (v === 0) this.raise("ValueError", "Cell is empty");
      return this.own(v);
    }
    if (t === this.t.method && (name === "__self__" || name === "__func__")) return this.slot(obj, t, name);
    if (t === this.t.module) {
      const d = this.slot(obj, t, "__dict__");
      const key = this.intern(name);
      const v = this.dictLookup(d, key);
      this.rel(key);
      this.rel(d);
      return v;
    }
    if (t === this.t.type && name === "__dict__") return this.slot(obj, t, "__dict__");
    if (t.kind === "instance" && name === "__dict__") {
      // A snapshot of the instance's attributes (heaplab keeps 3.11's inline values; CPython would
      // materialise a dict here and keep it).
      const d = this.newDict();
      for (const n of this.rt.attributeNames(t)) {
        const v = this.getAttrOrUnbound(obj, n);
        if (v === UNBOUND) continue;
        const k = this.intern(n);
        this.rt.dictSet(d, k, v);
        this.rel(k);
        this.rel(v);
      }
      return d;
    }
    return UNBOUND;
  }

  setAttr(obj: number, name: string, v: number): void {
    const t = this.typeOf(obj);
    const c = this.classFromObject(obj);
    if (c !== null) {
      const key = this.intern(name);
      this.rt.dictSet(c.dict, key, v);
      this.rel(key);
      return;
    }
    if (t !== null && t.kind === "instance") {
      const prop = this.lookupType(this.classOf(obj), name);
      if (prop !== null && "h" in prop) {
        const pt = this.typeOf(prop.h);
        if (pt?.kind === "instance" && this.classOf(prop.h) === this.cls.property) {
          const setter = this.persist(this.rt.getAttr(prop.h, "fset"));
          this.rel(prop.h);
          if (setter === 0) this.raise("AttributeError", "can't set attribute");
          this.rel(this.call(setter, [this.dup(obj), this.dup(v)]));
          this.rel(setter);
          return;
        }
        this.rel(prop.h);
      }
      this.rt.setAttr(obj, name, v);
      return;
    }
    if (t !== null && t.kind === "slots" && this.classOf(obj).instanceType === t) {
      if (!t.slots.includes(name))
        this.raise("AttributeError", `'${t.name}' object has no attribute '${name}'`);
      this.rt.setSlot(obj, t.slots.indexOf(name), v);
      return;
    }
    if (t === this.t.function) return; // function attributes: accepted, not stored
    this.raise("AttributeError", `'${this.typeName(obj)}' object has no attribute '${name}'`);
  }

  delAttr(obj: number, name: string): void {
    const t = this.typeOf(obj);
    if (t !== null && t.kind === "instance" && this.rt.attributeNames(t).includes(name)) {
      this.rt.setAttr(obj, name, 0);
      return;
    }
    if (t !== null && t.kind === "slots" && t.slots.includes(name)) {
      this.rt.setSlot(obj, t.slots.indexOf(name), 0);
      return;
    }
    this.raise("AttributeError", name);
  }

  /** A `builtin_function_or_method` for a native, bound to `self` (0 for a plain function). */
  nativeObject(name: string, fn: NativeFn, self: number): number {
    let id = this.nativeIds.get(fn);
    if (id === undefined) {
      id = this.natives.push(fn) - 1;
      this.nativeIds.set(fn, id);
    }
    const h = this.newSlots(this.t.builtin, { __self__: this.dup(self), __name__: this.intern(name) });
    this.setRaw(h, this.t.builtin, 0, id);
    return h;
  }
  private readonly nativeIds = new Map<NativeFn, number>();

  // ---------------------------------------------------------------- truth, equality, repr

  truthy(h: number): boolean {
    if (h === 0) return false;
    const t = this.typeOf(h)!;
    switch (t.kind) {
      case "int":
        return this.rt.intValue(h) !== 0;
      case "float":
        return this.rt.floatValue(h) !== 0;
      case "str":
      case "bytes":
      case "tuple":
      case "list":
      case "dict":
      case "set":
        return this.rt.len(h) !== 0;
      default:
        break;
    }
    if (t === this.t.bool) return this.raw(h, t) !== 0;
    if (t.kind === "instance" || t.kind === "slots") {
      const c = this.classOf(h);
      if (c.instanceType === t) {
        const b = this.lookupType(c, "__bool__") ?? this.lookupType(c, "__len__");
        if (b !== null && "h" in b) {
          this.rel(b.h);
          const name = this.lookupType(c, "__bool__") !== null ? "__bool__" : "__len__";
          const r = this.callMethod(h, name, []);
          const v = this.truthy(r);
          this.rel(r);
          return v;
        }
      }
    }
    return true;
  }

  eq(a: number, b: number): boolean {
    const aa = this.addr(a);
    const ba = this.addr(b);
    if (aa === ba) return true;
    if (aa === 0 || ba === 0) return false;
    const na = this.numExact(a);
    if (na !== null) {
      const nb = this.numExact(b);
      // `<=` and `>=` compare a bigint with a number by value (and are false for NaN).
      return nb !== null && (typeof na === typeof nb ? na === nb : na <= nb && na >= nb);
    }
    const ta = this.rt.model.typeOf(aa);
    const tb = this.rt.model.typeOf(ba);
    if (ta.kind === "str" || ta.kind === "bytes")
      return ta === tb && this.strOrBytes(a) === this.strOrBytes(b);
    if ((ta.kind === "tuple" || ta.kind === "list") && ta === tb) {
      const x = this.seqItems(a);
      const y = this.seqItems(b);
      const same = x.length === y.length && x.every((v, i) => this.eq(v, y[i]!));
      for (const v of x) this.rel(v);
      for (const v of y) this.rel(v);
      return same;
    }
    if (ta.kind === "dict" && tb.kind === "dict") {
      const ea = this.dictEntries(a);
      if (ea.length !== this.rt.len(b)) return false;
      for (const [k, v] of ea) {
        const kh = this.own(k);
        const other = this.dictLookup(b, kh);
        this.rel(kh);
        if (other === UNBOUND) return false;
        const vh = this.own(v);
        const same = this.eq(vh, other);
        this.rel(vh);
        this.rel(other);
        if (!same) return false;
      }
      return true;
    }
    if (ta === this.t.method && tb === ta) {
      return (
        this.m.u32[(aa + 8) >>> 2] === this.m.u32[(ba + 8) >>> 2] &&
        this.m.u32[(aa + 16) >>> 2] === this.m.u32[(ba + 16) >>> 2]
      );
    }
    if (ta.kind === "instance" || ta.kind === "slots") {
      const m = this.lookupType(this.classOf(a), "__eq__");
      if (m !== null && "h" in m) {
        this.rel(m.h);
        const r = this.callMethod(a, "__eq__", [this.dup(b)]);
        const v = this.truthy(r);
        this.rel(r);
        return v;
      }
    }
    return false;
  }

  strOrBytes(h: number): string {
    const t = this.typeOf(h)!;
    if (t.kind === "str") return this.rt.strValue(h);
    const a = this.addr(h);
    const n = this.m.u32[(a + OB_SIZE) >>> 2]!;
    return String.fromCharCode(...this.m.u8.subarray(a + 24, a + 24 + n));
  }

  str(h: number): string {
    const t = this.typeOf(h);
    if (t?.kind === "str") return this.rt.strValue(h);
    if (t !== null && (t.kind === "instance" || t.kind === "slots")) {
      const c = this.classOf(h);
      const s = this.lookupType(c, "__str__");
      if (s !== null && "h" in s) {
        this.rel(s.h);
        return this.callToString(h, "__str__");
      }
      if (c.isException) return this.exceptionMessage(h);
    }
    return this.repr(h);
  }

  /** `str(e)` of an exception: its one argument, the args tuple's repr, or "" — KeyError repr's its key. */
  exceptionMessage(h: number): string {
    const args = this.persist(this.rt.getAttr(h, "args"));
    const items = this.seqItems(args);
    this.rel(args);
    try {
      if (items.length === 0) return "";
      if (items.length === 1) {
        return this.isInstance(h, this.cls.KeyError!) ? this.repr(items[0]!) : this.str(items[0]!);
      }
      return `(${items.map((x) => this.repr(x)).join(", ")})`;
    } finally {
      for (const x of items) this.rel(x);
    }
  }

  private callToString(h: number, name: string): string {
    const r = this.callMethod(h, name, []);
    try {
      if (!this.isStr(r)) throw this.typeError(`${name} returned non-string (type ${this.typeName(r)})`);
      return this.strOf(r);
    } finally {
      this.rel(r);
    }
  }

  private reprDepth = new Set<number>();

  repr(h: number): string {
    if (h === 0) return "None";
    const t = this.typeOf(h)!;
    switch (t.kind) {
      case "int":
        return String(readIntExact(this.m, this.addr(h)));
      case "float":
        return floatRepr(this.rt.floatValue(h));
      case "str":
        return pyStrRepr(this.rt.strValue(h));
      case "bytes":
        return `b${pyStrRepr(this.strOrBytes(h))}`;
      case "tuple":
      case "list":
      case "dict":
      case "set":
        return this.containerRepr(h, t);
      case "weakref": {
        const a = this.m.u32[(this.addr(h) + 8) >>> 2]!;
        const id = `0x${this.addr(h).toString(16).padStart(12, "0")}`;
        if (a === 0) return `<weakref at ${id}; dead>`;
        const o = this.own(a);
        const s = `<weakref at ${id}; to '${this.typeName(o)}' at 0x${a.toString(16).padStart(12, "0")}>`;
        this.rel(o);
        return s;
      }
      default:
        break;
    }
    if (t === this.t.bool) return this.raw(h, t) ? "True" : "False";
    const at = `0x${this.addr(h).toString(16).padStart(12, "0")}`;
    if (t === this.t.type) return `<class '${this.classFromObject(h)!.name}'>`;
    if (t === this.t.function) return `<function ${this.strOf(this.slot(h, t, "__qualname__"))} at ${at}>`;
    if (t === this.t.builtin) return `<built-in function ${this.strOf(this.slot(h, t, "__name__"))}>`;
    if (t === this.t.module) return `<module '${this.strOf(this.slot(h, t, "__name__"))}'>`;
    if (t === this.t.cell) return `<cell at ${at}>`;
    if (t === this.t.method) return `<bound method of ${at}>`;
    if (t === this.t.range) {
      const [a, b, s] = this.rangeValues(h);
      return s === 1 ? `range(${a}, ${b})` : `range(${a}, ${b}, ${s})`;
    }
    const c = this.classOf(h);
    const r = this.lookupType(c, "__repr__");
    if (r !== null && "h" in r) {
      this.rel(r.h);
      return this.callToString(h, "__repr__");
    }
    if (c.isException) {
      const args = this.persist(this.rt.getAttr(h, "args"));
      const items = this.seqItems(args);
      this.rel(args);
      const inner = items.map((x) => this.repr(x)).join(", ");
      for (const x of items) this.rel(x);
      return `${c.name}(${inner})`;
    }
    return `<__main__.${c.name} object at ${at}>`;
  }

  rangeValues(h: number): [number, number, number] {
    const [a, b, s] = ["start", "stop", "step"].map((k) => {
      const v = this.slot(h, this.t.range, k);
      const n = this.rt.intValue(v);
      this.rel(v);
      return n;
    }) as [number, number, number];
    return [a, b, s];
  }

  /**
   * `Py_ReprEnter`'s heap state. Its first use makes the thread state's dict and, in it, the `Py_Repr`
   * list of the containers being repr'd: two GC objects that live as long as the thread, so they count
   * in `gc.get_count()` from then on. `reprDepth` does the recursion check; these are what it costs.
   */
  private reprThreadDict = 0;

  private reprEnter(): void {
    if (this.reprThreadDict !== 0) return;
    const dict = this.newDict();
    const key = this.intern("Py_Repr");
    const list = this.newList([]);
    this.rt.dictSet(dict, key, list);
    this.rel(key);
    this.rel(list);
    this.reprThreadDict = dict;
  }

  private containerRepr(h: number, t: TypeInfo): string {
    const a = this.addr(h);
    // 3.11's dict and set reprs enter before their empty shortcut; list and tuple reprs after it.
    if (t.kind === "dict" || t.kind === "set" || this.rt.len(h) > 0) this.reprEnter();
    if (this.reprDepth.has(a)) return t.kind === "list" ? "[...]" : t.kind === "dict" ? "{...}" : "(...)";
    this.reprDepth.add(a);
    try {
      if (t.kind === "dict") {
        const parts = this.dictEntries(h).map(([k, v]) => {
          const kh = this.own(k);
          const vh = this.own(v);
          const s = `${this.repr(kh)}: ${this.repr(vh)}`;
          this.rel(kh);
          this.rel(vh);
          return s;
        });
        return `{${parts.join(", ")}}`;
      }
      const items = t.kind === "set" ? this.setItems(h) : this.seqItems(h);
      // set_repr reprs a new list of the keys (`PySequence_List`), which is then released.
      if (t.kind === "set" && items.length > 0) this.rel(this.newList(items.map((x) => this.dup(x))));
      const parts = items.map((x) => this.repr(x));
      for (const x of items) this.rel(x);
      if (t.kind === "list") return `[${parts.join(", ")}]`;
      if (t.kind === "set") return parts.length === 0 ? "set()" : `{${parts.join(", ")}}`;
      return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(", ")})`;
    } finally {
      this.reprDepth.delete(a);
    }
  }

  /** Items of a set (owned handles), in table order. */
  setItems(h: number): number[] {
    const out: number[] = [];
    this.rt.model.scan(this.addr(h), { visit: (s) => out.push(this.m.u32[s >>> 2]!) }, "dealloc");
    return out.map((a) => this.own(a));
  }

  // ---------------------------------------------------------------- cells, generators, modules

  /** Exceptions being handled by `except` blocks, innermost last (for a bare `raise`). */
  readonly handling: number[] = [];
  /** Imported modules by name (persistent handles). */
  readonly modules = new Map<string, number>();
  /** Makes a module on first import; set by the module table. */
  moduleFactory: (name: string) => number | null = () => null;

  /** A new cell holding `v` (owned; consumed when `consume`). */
  newCell(v: number, consume = false): number {
    const c = this.persist(this.rt.newObject(this.t.cell));
    if (v !== UNBOUND) {
      this.rt.setSlot(c, 0, v);
      if (consume) this.rel(v);
    }
    return c;
  }

  /** A cell's contents (owned), or UNBOUND if empty. */
  cellGet(cell: number): number {
    const v = this.m.u32[(this.addr(cell) + 8) >>> 2]!;
    return v === 0 ? UNBOUND : this.own(v);
  }

  /** Stores into a cell (borrowed value; UNBOUND empties it). None is stored as a None marker-less 0. */
  setCell(cell: number, v: number): void {
    this.rt.setSlot(cell, 0, v === UNBOUND ? 0 : v);
  }

  /** Suspended generators by the id in their object's raw word: the frame and the JS generator running its body. */
  private readonly generators = new Map<
    number,
    { frame: Frame; it: Generator<number, Flow, number> | null }
  >();
  private nextGeneratorId = 1;

  /** A generator object for a generator function's new frame (which it owns until it finishes). */
  makeGenerator(frame: Frame): number {
    const id = this.nextGeneratorId++;
    this.generators.set(id, { frame, it: null });
    const g = this.newSlots(this.t.generator, {});
    this.setRaw(g, this.t.generator, 0, id);
    return g;
  }

  /** The next value of a generator (owned) or UNBOUND once it has finished. */
  generatorNext(g: number): number {
    const id = this.raw(g, this.t.generator);
    const st = this.generators.get(id);
    if (st === undefined) return UNBOUND;
    if (st.it === null) st.it = st.frame.code.genBody!(st.frame);
    const saved = this.frame;
    this.frame = st.frame;
    this.depth++;
    let r: IteratorResult<number, Flow>;
    try {
      r = st.it.next(0);
    } catch (e) {
      const pe = this.toPy(e);
      pe.traceback.push({ filename: st.frame.code.filename, line: st.frame.line, name: st.frame.code.name });
      this.finishGenerator(id);
      throw pe;
    } finally {
      this.depth--;
      this.frame = saved;
      // back on the consumer's line (see the function call's return)
      if (this.onLine !== null && saved !== null) this.onLine(saved.line, saved.code.filename);
    }
    if (r.done) {
      if (r.value === Flow.Return) this.rel(st.frame.ret);
      this.finishGenerator(id);
      return UNBOUND;
    }
    return r.value;
  }

  /** `gen.close()` and a generator's death: runs its pending `finally` blocks and releases its frame. */
  closeGenerator(g: number): void {
    const id = this.raw(g, this.t.generator);
    const st = this.generators.get(id);
    if (st === undefined) return;
    if (st.it !== null) {
      const saved = this.frame;
      this.frame = st.frame;
      try {
        st.it.return(Flow.Next);
      } finally {
        this.frame = saved;
      }
    }
    this.finishGenerator(id);
  }

  private finishGenerator(id: number): void {
    const st = this.generators.get(id);
    if (st === undefined) return;
    this.generators.delete(id);
    for (const l of st.frame.locals) this.rel(l);
    this.rel(st.frame.globals);
  }

  /** Whether exception `exc` matches an `except` clause's class (or tuple of classes); null matches all. */
  exceptionMatches(f: Frame, m: ((f: Frame) => number) | null, exc: number): boolean {
    if (m === null) return true;
    const cls = m(f);
    try {
      const list = this.kind(cls) === "tuple" ? this.seqItems(cls) : [this.dup(cls)];
      const ok = list.some((k) => {
        const ci = this.classFromObject(k);
        return ci !== null && this.isInstance(exc, ci);
      });
      for (const k of list) this.rel(k);
      return ok;
    } finally {
      this.rel(cls);
    }
  }

  /** `yield v` outside a generator body compiled for suspension (never reached: refused at compile time). */
  yieldValue(_f: Frame, v: number): void {
    this.rel(v);
  }

  /** `import name`: the module object (owned). */
  importModule(name: string): number {
    let m = this.modules.get(name);
    if (m === undefined) {
      const made = this.moduleFactory(name);
      if (made === null) this.raise("ModuleNotFoundError", `No module named '${name}'`);
      m = made;
      this.modules.set(name, m);
    }
    return this.dup(m);
  }

  /** Makes a class from a `class` statement: bases (owned, consumed) and the body's namespace (borrowed). */
  makeClass(name: string, bases: number[], ns: number): number {
    return this.classMaker(name, bases, ns);
  }
  classMaker: (name: string, bases: number[], ns: number) => number = () => 0;

  /** A local that may hold a cell (a parameter captured by an inner function): its value, owned. */
  cellOrValue(h: number): number {
    if (this.typeOf(h) === this.t.cell) {
      const v = this.cellGet(h);
      return v === UNBOUND ? 0 : v;
    }
    return this.dup(h);
  }

  /** An exception nobody can catch (in `__del__`, a weakref callback): reported on stderr as CPython does. */
  unraisable(e: unknown, where: string): void {
    if (e instanceof HeaplabError && e.name === "MemoryError") throw e;
    if (e instanceof SystemExitSignal) return;
    const pe = this.toPy(e);
    const msg = this.str(pe.exc);
    const name = this.classOf(pe.exc).name;
    this.rel(pe.exc);
    this.print(
      `Exception ignored in: <${where}>\nTraceback (most recent call last):\n${name}${msg === "" ? "" : `: ${msg}`}\n`,
      true,
    );
  }

  /** Writes program output. */
  print(text: string, toErr = false): void {
    (toErr ? this.writeErr : this.write)(text);
  }

  /** `sys.exit(n)`. */
  exit(code: number): never {
    throw new SystemExitSignal(code);
  }
}

/** `repr(str)`: single quotes unless the text has one and no double quote; escapes as CPython. */
export function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === q || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 32 || c === 127) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + q;
}
