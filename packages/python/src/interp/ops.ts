import { TypeId } from "@heaplab/runtime";
import { OB_SIZE } from "@heaplab/runtime/internals";
import { floatRepr } from "../objects/float-repr";
import { floorDiv, floorMod, type IntValue, trueDiv } from "../objects/py-int";
import { rawOffset } from "../objects/py-types";
import { formatValue, percentFormat } from "./format";
import { type Interp, UNBOUND } from "./interp";

/**
 * Python's operators on heap values: arithmetic, comparison, containment, subscripts and iteration.
 * Operands are borrowed; results are owned.
 *
 * @example
 * const r = binop(interp, "+", a, b); // a + b
 */
const DUNDER: Record<string, string> = {
  "+": "__add__",
  "-": "__sub__",
  "*": "__mul__",
  "/": "__truediv__",
  "//": "__floordiv__",
  "%": "__mod__",
  "**": "__pow__",
  "<": "__lt__",
  "<=": "__le__",
  ">": "__gt__",
  ">=": "__ge__",
  "&": "__and__",
  "|": "__or__",
  "^": "__xor__",
  "<<": "__lshift__",
  ">>": "__rshift__",
};

function unsupported(ip: Interp, op: string, a: number, b: number): never {
  ip.raise("TypeError", `unsupported operand type(s) for ${op}: '${ip.typeName(a)}' and '${ip.typeName(b)}'`);
}

function userOp(ip: Interp, op: string, a: number, b: number): number {
  const t = ip.typeOf(a);
  const name = DUNDER[op];
  if (name !== undefined && t !== null && (t.kind === "instance" || t.kind === "slots")) {
    const m = ip.lookupType(ip.classOf(a), name);
    if (m !== null && "h" in m) {
      ip.rel(m.h);
      return ip.callMethod(a, name, [ip.dup(b)]);
    }
  }
  return UNBOUND;
}

function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** `a <op> b`. */
export function binop(ip: Interp, op: string, a: number, b: number): number {
  const x = ip.numExact(a);
  const y = ip.numExact(b);
  if (x !== null && y !== null) {
    const ints = ip.kind(a) !== "float" && ip.kind(b) !== "float";
    if (typeof x === "number" && typeof y === "number") return numberOp(ip, op, x, y, ints, a, b);
    if (ints) return exactIntOp(ip, op, BigInt(x), BigInt(y), a, b);
    return numberOp(ip, op, toFloat(ip, x), toFloat(ip, y), false, a, b);
  }
  const ka = ip.kind(a);
  const kb = ip.kind(b);
  if (op === "+" && ka === kb && (ka === "str" || ka === "list" || ka === "tuple")) {
    if (ka === "str") return ip.newStr(ip.strOf(a) + ip.strOf(b));
    const items = [...ip.seqItems(a), ...ip.seqItems(b)];
    return ka === "list" ? ip.newList(items) : ip.newTuple(items);
  }
  if (op === "*" && (ka === "str" || ka === "list" || ka === "tuple" || ka === "bytes") && y !== null) {
    return repeat(ip, a, ip.intOf(b));
  }
  if (op === "*" && (kb === "str" || kb === "list" || kb === "tuple") && x !== null) {
    return repeat(ip, b, ip.intOf(a));
  }
  if (op === "%" && ka === "str") return ip.newStr(percentFormat(ip, ip.strOf(a), b));
  if ((op === "|" || op === "&" || op === "-" || op === "^") && ka === "set" && kb === "set") {
    return setOp(ip, op, a, b);
  }
  const r = userOp(ip, op, a, b);
  if (r !== UNBOUND) return r;
  if (op === "+" && (ka === "str" || ka === "list" || ka === "tuple")) {
    ip.raise("TypeError", `can only concatenate ${ka} (not "${ip.typeName(b)}") to ${ka}`);
  }
  return unsupported(ip, op, a, b);
}

function setOp(ip: Interp, op: string, a: number, b: number): number {
  const xs = ip.setItems(a);
  const ys = ip.setItems(b);
  const inB = (h: number) => ip.rt.contains(b, h);
  const inA = (h: number) => ip.rt.contains(a, h);
  let keep: number[];
  if (op === "|") keep = [...xs, ...ys];
  else if (op === "&") keep = xs.filter(inB);
  else if (op === "-") keep = xs.filter((h) => !inB(h));
  else keep = [...xs.filter((h) => !inB(h)), ...ys.filter((h) => !inA(h))];
  const s = ip.persist(ip.rt.newSet(keep));
  for (const h of [...xs, ...ys]) ip.rel(h);
  return s;
}

function repeat(ip: Interp, seq: number, n: number): number {
  const k = ip.kind(seq);
  if (k === "str") return ip.newStr(ip.strOf(seq).repeat(Math.max(0, n)));
  const items = ip.seqItems(seq);
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (const it of items) out.push(ip.dup(it));
  for (const it of items) ip.rel(it);
  return k === "list" ? ip.newList(out) : ip.newTuple(out);
}

/** An int's value as a float operand: Python raises rather than let it become infinite. */
function toFloat(ip: Interp, v: IntValue): number {
  const f = Number(v);
  if (!Number.isFinite(f) && typeof v === "bigint")
    ip.raise("OverflowError", "int too large to convert to float");
  return f;
}

/**
 * The result `v` of `x <op> y` computed on doubles: a float, or an int when it is still exact (a safe
 * integer); an int result past 2**53 is computed again on bigints, so ints never round. No closure per
 * operation: this is the interpreter's hottest path.
 */
function num(ip: Interp, ints: boolean, v: number, op: string, x: number, y: number): number {
  if (!ints) return ip.newFloat(v);
  if (Number.isSafeInteger(v)) return ip.newInt(v);
  return exactIntOp(ip, op, BigInt(x), BigInt(y), 0, 0);
}

/** `x <op> y` on ints held exactly (at least one past 2**53, or a result that would be). */
function exactIntOp(ip: Interp, op: string, x: bigint, y: bigint, a: number, b: number): number {
  switch (op) {
    case "+":
      return ip.newInt(x + y);
    case "-":
      return ip.newInt(x - y);
    case "*":
      return ip.newInt(x * y);
    case "/":
      if (y === 0n) ip.raise("ZeroDivisionError", "division by zero");
      return ip.newFloat(trueDivChecked(ip, x, y));
    case "//":
      if (y === 0n) ip.raise("ZeroDivisionError", "integer division or modulo by zero");
      return ip.newInt(floorDiv(x, y));
    case "%":
      if (y === 0n) ip.raise("ZeroDivisionError", "integer modulo by zero");
      return ip.newInt(floorMod(x, y));
    case "**":
      return y < 0n ? ip.newFloat(Number(x) ** Number(y)) : ip.newInt(x ** y);
    case "<<":
      if (y < 0n) ip.raise("ValueError", "negative shift count");
      return ip.newInt(x << y);
    case ">>":
      if (y < 0n) ip.raise("ValueError", "negative shift count");
      return ip.newInt(x >> y);
    case "&":
      return ip.newInt(x & y);
    case "|":
      return ip.newInt(x | y);
    case "^":
      return ip.newInt(x ^ y);
    default:
      return unsupported(ip, op, a, b);
  }
}

function trueDivChecked(ip: Interp, x: bigint, y: bigint): number {
  const q = trueDiv(x, y);
  if (!Number.isFinite(q)) ip.raise("OverflowError", "integer division result too large for a float");
  return q;
}

/** Largest int power the double `**` is trusted to give exactly (past it, bigints compute it). */
const EXACT_POW_LIMIT = 2 ** 31;

function numberOp(ip: Interp, op: string, x: number, y: number, ints: boolean, a: number, b: number): number {
  switch (op) {
    case "+":
      return num(ip, ints, x + y, op, x, y);
    case "-":
      return num(ip, ints, x - y, op, x, y);
    case "*":
      return num(ip, ints, x * y, op, x, y);
    case "/":
      if (y === 0) ip.raise("ZeroDivisionError", ints ? "division by zero" : "float division by zero");
      return ip.newFloat(x / y);
    case "//":
      if (y === 0)
        ip.raise(
          "ZeroDivisionError",
          ints ? "integer division or modulo by zero" : "float floor division by zero",
        );
      // Exact for safe integers: the rounded quotient never crosses an integer below 2**53.
      return num(ip, ints, Math.floor(x / y), op, x, y);
    case "%":
      if (y === 0) ip.raise("ZeroDivisionError", ints ? "integer modulo by zero" : "float modulo");
      return num(ip, ints, pyMod(x, y), op, x, y);
    case "**": {
      if (ints && y < 0) return ip.newFloat(x ** y);
      const p = x ** y;
      // pow on doubles may round before 2**53; large int powers go to bigints.
      return num(ip, ints, ints && Math.abs(p) > EXACT_POW_LIMIT ? Number.NaN : p, op, x, y);
    }
    case "<<":
      if (y < 0) ip.raise("ValueError", "negative shift count");
      return num(ip, true, x * 2 ** y, op, x, y);
    case ">>":
      if (y < 0) ip.raise("ValueError", "negative shift count");
      // 2 ** 1023 keeps the quotient non-zero, so a negative x floors to -1 as Python's shift does.
      return ip.newInt(Math.floor(x / 2 ** Math.min(y, 1023)));
    case "&":
      return ip.newInt(Number(BigInt(x) & BigInt(y)));
    case "|":
      return ip.newInt(Number(BigInt(x) | BigInt(y)));
    case "^":
      return ip.newInt(Number(BigInt(x) ^ BigInt(y)));
    default:
      return unsupported(ip, op, a, b);
  }
}

/** `a <op> b` for `<`, `<=`, `>`, `>=`, `==`, `!=`, `is`, `in` and their negations. */
export function compare(ip: Interp, op: string, a: number, b: number): boolean {
  switch (op) {
    case "==":
      return ip.eq(a, b);
    case "!=":
      return !ip.eq(a, b);
    case "is":
      return ip.addr(a) === ip.addr(b);
    case "is not":
      return ip.addr(a) !== ip.addr(b);
    case "in":
      return contains(ip, b, a);
    case "not in":
      return !contains(ip, b, a);
    default:
      return order(ip, op, a, b);
  }
}

function order(ip: Interp, op: string, a: number, b: number): boolean {
  const c = cmp(ip, a, b, op);
  switch (op) {
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    default:
      return c >= 0;
  }
}

/** Three-way comparison for ordering (sort, min, max); NaN-free. */
export function cmp(ip: Interp, a: number, b: number, op = "<"): number {
  // `<` and `>` compare a bigint with a number by value.
  const x = ip.numExact(a);
  const y = ip.numExact(b);
  if (x !== null && y !== null) return x < y ? -1 : x > y ? 1 : 0;
  const ka = ip.kind(a);
  const kb = ip.kind(b);
  if (ka === "str" && kb === "str") {
    const s = ip.strOf(a);
    const t = ip.strOf(b);
    return s < t ? -1 : s > t ? 1 : 0;
  }
  if ((ka === "tuple" || ka === "list") && ka === kb) {
    const xs = ip.seqItems(a);
    const ys = ip.seqItems(b);
    try {
      for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
        if (!ip.eq(xs[i]!, ys[i]!)) return cmp(ip, xs[i]!, ys[i]!, op);
      }
      return xs.length - ys.length;
    } finally {
      for (const h of [...xs, ...ys]) ip.rel(h);
    }
  }
  const r = userOp(ip, "<", a, b);
  if (r !== UNBOUND) {
    const lt = ip.truthy(r);
    ip.rel(r);
    if (lt) return -1;
    const r2 = userOp(ip, "<", b, a);
    const gt = r2 !== UNBOUND && ip.truthy(r2);
    ip.rel(r2);
    return gt ? 1 : 0;
  }
  ip.raise(
    "TypeError",
    `'${op}' not supported between instances of '${ip.typeName(a)}' and '${ip.typeName(b)}'`,
  );
}

/** `x in container`. */
export function contains(ip: Interp, container: number, x: number): boolean {
  const k = ip.kind(container);
  if (k === "dict" || k === "set") return ip.rt.contains(container, x);
  if (k === "str") return ip.strOf(container).includes(ip.strOf(x));
  if (k === "list" || k === "tuple") {
    const items = ip.seqItems(container);
    const found = items.some((h) => ip.addr(h) === ip.addr(x) || ip.eq(h, x));
    for (const h of items) ip.rel(h);
    return found;
  }
  const t = ip.typeOf(container);
  if (t !== null && (t.kind === "instance" || t.kind === "slots")) {
    const m = ip.lookupType(ip.classOf(container), "__contains__");
    if (m !== null && "h" in m) {
      ip.rel(m.h);
      const r = ip.callMethod(container, "__contains__", [ip.dup(x)]);
      const v = ip.truthy(r);
      ip.rel(r);
      return v;
    }
  }
  const it = iter(ip, container);
  try {
    for (let v = next(ip, it); v !== UNBOUND; v = next(ip, it)) {
      const same = ip.addr(v) === ip.addr(x) || ip.eq(v, x);
      ip.rel(v);
      if (same) return true;
    }
    return false;
  } finally {
    ip.rel(it);
  }
}

/** `-x`, `+x`, `~x`. */
export function unary(ip: Interp, op: string, a: number): number {
  const x = ip.numExact(a);
  if (x === null) ip.raise("TypeError", `bad operand type for unary ${op}: '${ip.typeName(a)}'`);
  if (typeof x === "bigint") return ip.newInt(op === "-" ? -x : op === "+" ? x : -x - 1n);
  const isFloat = ip.kind(a) === "float";
  if (op === "-") return isFloat ? ip.newFloat(-x) : ip.newInt(-x);
  if (op === "+") return isFloat ? ip.newFloat(x) : ip.newInt(x);
  return ip.newInt(-x - 1);
}

function index(ip: Interp, n: number, i: number, what: string): number {
  const j = i < 0 ? i + n : i;
  if (j < 0 || j >= n) ip.raise("IndexError", `${what} index out of range`);
  return j;
}

/** `obj[key]`. */
export function getItem(ip: Interp, obj: number, key: number): number {
  const k = ip.kind(obj);
  if (k === "dict") {
    const v = ip.dictLookup(obj, key);
    if (v !== UNBOUND) return v;
    const t = ip.typeOf(obj);
    void t;
    throw ip.exceptionWith("KeyError", [ip.dup(key)]);
  }
  if (ip.kind(key) === "slice") return getSlice(ip, obj, key);
  if (k === "list" || k === "tuple") {
    const n = ip.rt.len(obj);
    return ip.persist(ip.rt.getItem(obj, index(ip, n, ip.intOf(key), k)));
  }
  if (k === "str") {
    const s = ip.strOf(obj);
    return ip.newStr(s[index(ip, s.length, ip.intOf(key), "string")]!);
  }
  if (ip.typeOf(obj) === ip.t.range) {
    const [a, , st] = ip.rangeValues(obj);
    return ip.newInt(a + st * index(ip, rangeLen(ip, obj), ip.intOf(key), "range object"));
  }
  const t = ip.typeOf(obj);
  if (t !== null && (t.kind === "instance" || t.kind === "slots")) {
    return ip.callMethod(obj, "__getitem__", [ip.dup(key)]);
  }
  ip.raise("TypeError", `'${ip.typeName(obj)}' object is not subscriptable`);
}

/** A slice's (start, stop, step) resolved against a length, as `PySlice_AdjustIndices`. */
export function sliceIndices(ip: Interp, slice: number, n: number): [number, number, number] {
  const [a, b, c] = ["start", "stop", "step"].map((k) => {
    const h = ip.slot(slice, ip.t.slice, k);
    const v = h === 0 ? null : ip.intOf(h);
    ip.rel(h);
    return v;
  });
  const step = c ?? 1;
  if (step === 0) ip.raise("ValueError", "slice step cannot be zero");
  const clamp = (v: number | null | undefined, dflt: number, lo: number, hi: number) => {
    if (v === null || v === undefined) return dflt;
    const w = v < 0 ? v + n : v;
    return Math.min(Math.max(w, lo), hi);
  };
  if (step > 0) return [clamp(a, 0, 0, n), clamp(b, n, 0, n), step];
  return [clamp(a, n - 1, -1, n - 1), clamp(b, -1, -1, n - 1), step];
}

function sliceRange(start: number, stop: number, step: number): number[] {
  const out: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
  else for (let i = start; i > stop; i += step) out.push(i);
  return out;
}

function getSlice(ip: Interp, obj: number, slice: number): number {
  const k = ip.kind(obj);
  if (k === "str") {
    const s = ip.strOf(obj);
    const [a, b, st] = sliceIndices(ip, slice, s.length);
    return ip.newStr(
      sliceRange(a, b, st)
        .map((i) => s[i])
        .join(""),
    );
  }
  if (k !== "list" && k !== "tuple")
    ip.raise("TypeError", `'${ip.typeName(obj)}' object is not subscriptable`);
  const items = ip.seqItems(obj);
  const [a, b, st] = sliceIndices(ip, slice, items.length);
  const picked = sliceRange(a, b, st).map((i) => ip.dup(items[i]!));
  for (const h of items) ip.rel(h);
  return k === "list" ? ip.newList(picked) : ip.newTuple(picked);
}

/** `obj[key] = v`. */
export function setItem(ip: Interp, obj: number, key: number, v: number): void {
  const k = ip.kind(obj);
  if (k === "dict") {
    ip.rt.dictSet(obj, key, v);
    return;
  }
  if (k === "list") {
    if (ip.kind(key) === "slice") ip.raise("TypeError", "slice assignment is not supported by heaplab yet");
    ip.rt.setItem(obj, index(ip, ip.rt.len(obj), ip.intOf(key), "list assignment"), v);
    return;
  }
  const t = ip.typeOf(obj);
  if (t !== null && (t.kind === "instance" || t.kind === "slots")) {
    ip.rel(ip.callMethod(obj, "__setitem__", [ip.dup(key), ip.dup(v)]));
    return;
  }
  ip.raise("TypeError", `'${ip.typeName(obj)}' object does not support item assignment`);
}

/** `del obj[key]`. */
export function delItem(ip: Interp, obj: number, key: number): void {
  const k = ip.kind(obj);
  if (k === "dict") {
    if (!ip.rt.contains(obj, key)) throw ip.exceptionWith("KeyError", [ip.dup(key)]);
    ip.rt.dictDelete(obj, key);
    return;
  }
  if (k === "list") {
    if (ip.kind(key) === "slice") {
      const [a, b, st] = sliceIndices(ip, key, ip.rt.len(obj));
      for (const i of sliceRange(a, b, st).sort((x, y) => y - x)) ip.rt.delItem(obj, i);
      return;
    }
    ip.rt.delItem(obj, index(ip, ip.rt.len(obj), ip.intOf(key), "list assignment"));
    return;
  }
  const t = ip.typeOf(obj);
  if (t !== null && (t.kind === "instance" || t.kind === "slots")) {
    ip.rel(ip.callMethod(obj, "__delitem__", [ip.dup(key)]));
    return;
  }
  ip.raise("TypeError", `'${ip.typeName(obj)}' object does not support item deletion`);
}

function rangeLen(ip: Interp, r: number): number {
  const [a, b, s] = ip.rangeValues(r);
  return Math.max(0, Math.ceil((b - a) / s));
}

/** `iter(x)`: an iterator object on the heap. */
export function iter(ip: Interp, obj: number): number {
  const t = ip.typeOf(obj);
  const k = t === null ? "none" : t.kind;
  if (k === "list" || k === "tuple" || k === "str") {
    return ip.newSlots(ip.t.seqIter, { it_seq: ip.dup(obj) });
  }
  if (k === "dict" || k === "set") {
    // Iterate over a snapshot of the keys (a tuple), as a key iterator would see them unchanged.
    const keys = k === "dict" ? ip.dictEntries(obj).map(([key]) => ip.own(key)) : ip.setItems(obj);
    const h = ip.newSlots(ip.t.dictIter, { di_dict: ip.newTuple(keys) });
    return h;
  }
  if (t === ip.t.range) {
    const [a, , s] = ip.rangeValues(obj);
    const h = ip.persist(ip.rt.newObject(ip.t.rangeIter));
    const o = ip.addr(h) + rawOffset(ip.t.rangeIter);
    ip.m.f64[o >>> 3] = a;
    ip.m.f64[(o + 8) >>> 3] = s;
    ip.m.f64[(o + 16) >>> 3] = rangeLen(ip, obj);
    return h;
  }
  if (t === ip.t.seqIter || t === ip.t.rangeIter || t === ip.t.dictIter || t === ip.t.generator)
    return ip.dup(obj);
  if (t !== null && (t.kind === "instance" || t.kind === "slots")) {
    const m = ip.lookupType(ip.classOf(obj), "__iter__");
    if (m !== null) {
      if ("h" in m) ip.rel(m.h);
      return ip.callMethod(obj, "__iter__", []);
    }
  }
  ip.raise("TypeError", `'${ip.typeName(obj)}' object is not iterable`);
}

/** The next item of an iterator (owned), or UNBOUND when it is exhausted. */
export function next(ip: Interp, it: number): number {
  const t = ip.typeOf(it);
  const m = ip.m;
  if (t === ip.t.seqIter || t === ip.t.dictIter) {
    const a = ip.addr(it);
    const seq = m.u32[(a + 8) >>> 2]!;
    if (seq === 0) return UNBOUND;
    const o = a + rawOffset(t);
    const i = m.u32[o >>> 2]!;
    const st = ip.rt.model.typeOf(seq);
    const n = st.id === TypeId.str ? 0 : m.u32[(seq + OB_SIZE) >>> 2]!;
    if (st.id === TypeId.str) {
      const sh = ip.own(seq);
      const s = ip.strOf(sh);
      ip.rel(sh);
      if (i >= s.length) return exhaust(ip, it);
      m.u32[(ip.addr(it) + rawOffset(t)) >>> 2] = i + 1;
      return ip.newStr(s[i]!);
    }
    if (i >= n) return exhaust(ip, it);
    m.u32[o >>> 2] = i + 1;
    const seqH = ip.own(seq);
    const v = ip.persist(ip.rt.getItem(seqH, i));
    ip.rel(seqH);
    return v;
  }
  if (t === ip.t.rangeIter) {
    const o = ip.addr(it) + rawOffset(t);
    const left = m.f64[(o + 16) >>> 3]!;
    if (left <= 0) return UNBOUND;
    const v = m.f64[o >>> 3]!;
    m.f64[o >>> 3] = v + m.f64[(o + 8) >>> 3]!;
    m.f64[(o + 16) >>> 3] = left - 1;
    return ip.newInt(v);
  }
  if (t === ip.t.generator) return ip.generatorNext(it);
  if (t !== null && (t.kind === "instance" || t.kind === "slots")) {
    try {
      return ip.callMethod(it, "__next__", []);
    } catch (e) {
      const pe = ip.toPy(e);
      if (ip.isInstance(pe.exc, ip.cls.StopIteration!)) {
        ip.rel(pe.exc);
        return UNBOUND;
      }
      throw pe;
    }
  }
  ip.raise("TypeError", `'${ip.typeName(it)}' object is not an iterator`);
}

function exhaust(ip: Interp, it: number): number {
  // CPython drops the iterator's reference to its sequence once it is exhausted.
  ip.rt.setSlot(it, 0, 0);
  return UNBOUND;
}

/** Every item of an iterable, as owned handles. */
export function toArray(ip: Interp, obj: number): number[] {
  const k = ip.kind(obj);
  if (k === "list" || k === "tuple") return ip.seqItems(obj);
  const it = iter(ip, obj);
  const out: number[] = [];
  try {
    for (let v = next(ip, it); v !== UNBOUND; v = next(ip, it)) out.push(v);
  } finally {
    ip.rel(it);
  }
  return out;
}

/** `format(value, spec)` and `str()` for f-strings. */
export function format(ip: Interp, v: number, spec: string, conv: string): string {
  if (conv === "r") return formatValue(ip.repr(v), spec);
  if (conv === "s" || spec === "") return formatValue(ip.str(v), spec);
  const n = ip.numExact(v);
  if (n !== null) return formatNumber(n, spec, ip.kind(v) === "float");
  return formatValue(ip.str(v), spec);
}

/** Number formatting for the common specs: `[[fill]align][sign][0][width][,][.prec][type]`. */
export function formatNumber(n: IntValue, spec: string, isFloat: boolean): string {
  const m = /^(?:(.)?([<>^=]))?([+\- ])?(0)?(\d+)?(,)?(?:\.(\d+))?([bdeEfFgGnoxX%])?$/.exec(spec);
  if (m === null) return String(n);
  const [, fill, align, sign, zero, width, comma, prec, type] = m;
  let body: string;
  const p = prec === undefined ? undefined : Number(prec);
  // An int past 2**53 keeps every digit in the integer presentations; the float ones round it.
  const a = typeof n === "bigint" ? (n < 0n ? -n : n) : Math.abs(n);
  const f = Number(a);
  switch (type) {
    case "f":
    case "F":
      body = f.toFixed(p ?? 6);
      break;
    case "e":
    case "E":
      body = f.toExponential(p ?? 6).replace(/e([+-])(\d)$/, "e$10$2");
      break;
    case "%":
      body = `${(f * 100).toFixed(p ?? 6)}%`;
      break;
    case "x":
      body = a.toString(16);
      break;
    case "X":
      body = a.toString(16).toUpperCase();
      break;
    case "o":
      body = a.toString(8);
      break;
    case "b":
      body = a.toString(2);
      break;
    case "g":
    case "G":
      body = String(Number(f.toPrecision(p ?? 6)));
      break;
    default:
      body = p !== undefined ? f.toFixed(p) : isFloat ? floatRepr(f) : String(a);
  }
  if (comma !== undefined) {
    const [ip, fp] = body.split(".");
    body = ip!.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (fp === undefined ? "" : `.${fp}`);
  }
  const sgn = n < 0 || Object.is(n, -0) ? "-" : sign === "+" ? "+" : sign === " " ? " " : "";
  const w = width === undefined ? 0 : Number(width);
  if (zero !== undefined && align === undefined) return sgn + body.padStart(w - sgn.length, "0");
  return formatValue(sgn + body, `${fill ?? ""}${align ?? ">"}${w || ""}`);
}
