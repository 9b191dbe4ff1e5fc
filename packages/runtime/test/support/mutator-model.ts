/**
 * The mutator model every strategy's tests share: random programs of the mutator API over six
 * registers (persistent handles), run on a runtime beside an independent JS model of the values they
 * must hold. The model knows Python's rules (which types accept weak references, which operations
 * raise), never a strategy: where strategies may differ (when a weak reference dies, when a cycle is
 * freed) it states the limits every strategy must respect instead of one answer. It lives in the
 * runtime's tests because it uses only the mutator API: `@heaplab/refcount`, `@heaplab/generational`
 * and the CLI's reliability suite (every catalog strategy) import it, each with its own strategy.
 *
 * Oracles, checked by `Runner`:
 * - every value the program reads, and everything reachable from the registers after every
 *   collection, equals the model, object identity included (a bijection between addresses and model
 *   objects, so two objects never merge and one never splits);
 * - a weak reference never dies while its target is strongly reachable, and never comes back;
 * - an operation Python refuses throws the Python error (TypeError, IndexError, KeyError, AttributeError);
 * - a finalizer runs at most once per object, and never on an object the model can still reach;
 * - `rt.verify()` passes after every collection and at the end;
 * - at the end, under a strategy that reclaims cycles, two full collections kill every weak reference
 *   to an unreachable target and finalize every unreachable finalizable object;
 * - `checkCounting`, for the CPython-style strategies: the containers and instances alive are exactly
 *   what reference counting alone keeps (`"exact"`), or lie between the reachable ones and that
 *   (`"bounds"`, when a cycle collector may have run unseen).
 */
import fc from "fast-check";
import { type Handle, HeaplabError, Runtime, type StrategyFactory, type TypeInfo } from "../../src/index";
import { OB_SIZE } from "../../src/internals";

export const REGS = 6;

/** A leaf value a key or register can hold: ints (small, cached by some strategies, and large) and strs. */
export type Leaf = { int: number } | { str: string } | { float: number };

/** One step of a program. Register numbers are 0..REGS-1. */
export type Op =
  | { op: "leaf"; dst: number; value: Leaf }
  | { op: "list"; dst: number; items: number[] }
  | { op: "tuple"; dst: number; items: number[] }
  | { op: "dict"; dst: number }
  | { op: "set"; dst: number }
  | { op: "inst"; dst: number }
  | { op: "node"; dst: number; a: number; b: number }
  | { op: "fin"; dst: number; x: number }
  | { op: "weakref"; dst: number; target: number }
  | { op: "append"; list: number; item: number }
  | { op: "setItem"; list: number; index: number; item: number }
  | { op: "getItem"; dst: number; seq: number; index: number }
  | { op: "pop"; dst: number; list: number; index: number }
  | { op: "dictSet"; dict: number; key: Leaf; value: number }
  | { op: "dictGet"; dst: number; dict: number; key: Leaf }
  | { op: "dictDelete"; dict: number; key: Leaf }
  | { op: "add"; set: number; key: Leaf }
  | { op: "discard"; set: number; key: Leaf }
  | { op: "clear"; dst: number }
  | { op: "setSlot"; obj: number; slot: number; value: number }
  | { op: "getSlot"; dst: number; obj: number; slot: number }
  | { op: "setAttr"; obj: number; name: string; value: number }
  | { op: "getAttr"; dst: number; obj: number; name: string }
  | { op: "deref"; dst: number; wr: number }
  | { op: "assign"; dst: number; src: number }
  | { op: "drop"; dst: number }
  | { op: "collect"; generation: number }
  | { op: "finalizers" };

const reg = fc.integer({ min: 0, max: REGS - 1 });
const leaf: fc.Arbitrary<Leaf> = fc.oneof(
  fc.record({ int: fc.oneof(fc.integer({ min: -5, max: 300 }), fc.constantFrom(2 ** 40, -(2 ** 33))) }),
  fc.record({ str: fc.constantFrom("a", "b", "ключ", "🐍", "") }),
  fc.record({ float: fc.constantFrom(0.5, -1e300) }),
);
/** The keys of dicts and sets. */
const KEYS: Leaf[] = [
  { int: 0 },
  { int: 1 },
  { int: 7 },
  { int: 2 ** 40 },
  { str: "a" },
  { str: "b" },
  { str: "ключ" },
];
const key: fc.Arbitrary<Leaf> = fc.constantFrom(...KEYS);
const index = fc.integer({ min: -3, max: 3 });
const attr = fc.constantFrom("x", "y", "z");

/** An arbitrary program of 1..max steps. */
export function programArb(max: number): fc.Arbitrary<Op[]> {
  const c = <T extends string>(s: T) => fc.constant(s);
  const op: fc.Arbitrary<Op> = fc.oneof(
    { arbitrary: fc.record({ op: c("leaf"), dst: reg, value: leaf }), weight: 3 },
    { arbitrary: fc.record({ op: c("list"), dst: reg, items: fc.array(reg, { maxLength: 3 }) }), weight: 3 },
    { arbitrary: fc.record({ op: c("tuple"), dst: reg, items: fc.array(reg, { maxLength: 3 }) }), weight: 2 },
    { arbitrary: fc.record({ op: c("dict"), dst: reg }), weight: 2 },
    { arbitrary: fc.record({ op: c("set"), dst: reg }), weight: 1 },
    { arbitrary: fc.record({ op: c("inst"), dst: reg }), weight: 2 },
    { arbitrary: fc.record({ op: c("node"), dst: reg, a: reg, b: reg }), weight: 2 },
    { arbitrary: fc.record({ op: c("fin"), dst: reg, x: reg }), weight: 1 },
    { arbitrary: fc.record({ op: c("weakref"), dst: reg, target: reg }), weight: 3 },
    { arbitrary: fc.record({ op: c("append"), list: reg, item: reg }), weight: 4 },
    { arbitrary: fc.record({ op: c("setItem"), list: reg, index, item: reg }), weight: 2 },
    { arbitrary: fc.record({ op: c("getItem"), dst: reg, seq: reg, index }), weight: 2 },
    { arbitrary: fc.record({ op: c("pop"), dst: reg, list: reg, index }), weight: 2 },
    { arbitrary: fc.record({ op: c("dictSet"), dict: reg, key, value: reg }), weight: 4 },
    { arbitrary: fc.record({ op: c("dictGet"), dst: reg, dict: reg, key }), weight: 2 },
    { arbitrary: fc.record({ op: c("dictDelete"), dict: reg, key }), weight: 2 },
    { arbitrary: fc.record({ op: c("add"), set: reg, key }), weight: 2 },
    { arbitrary: fc.record({ op: c("discard"), set: reg, key }), weight: 1 },
    { arbitrary: fc.record({ op: c("clear"), dst: reg }), weight: 1 },
    {
      arbitrary: fc.record({ op: c("setSlot"), obj: reg, slot: fc.integer({ min: 0, max: 2 }), value: reg }),
      weight: 3,
    },
    {
      arbitrary: fc.record({ op: c("getSlot"), dst: reg, obj: reg, slot: fc.integer({ min: 0, max: 1 }) }),
      weight: 1,
    },
    { arbitrary: fc.record({ op: c("setAttr"), obj: reg, name: attr, value: reg }), weight: 3 },
    { arbitrary: fc.record({ op: c("getAttr"), dst: reg, obj: reg, name: attr }), weight: 1 },
    { arbitrary: fc.record({ op: c("deref"), dst: reg, wr: reg }), weight: 2 },
    { arbitrary: fc.record({ op: c("assign"), dst: reg, src: reg }), weight: 2 },
    { arbitrary: fc.record({ op: c("drop"), dst: reg }), weight: 3 },
    { arbitrary: fc.record({ op: c("collect"), generation: fc.integer({ min: 0, max: 2 }) }), weight: 3 },
    { arbitrary: fc.record({ op: c("finalizers") }), weight: 1 },
  );
  return fc.array(op, { minLength: 1, maxLength: max, size: "max" });
}

type Kind = "int" | "str" | "float" | "list" | "tuple" | "dict" | "set" | "inst" | "node" | "fin" | "weakref";

/** Python's type names for the model's kinds. */
const TYPE_NAME: Record<Kind, string> = {
  int: "int",
  str: "str",
  float: "float",
  list: "list",
  tuple: "tuple",
  dict: "dict",
  set: "set",
  inst: "Inst",
  node: "Node",
  fin: "Fin",
  weakref: "weakref",
};

/** Python's rule: which of these types accept weak references (`Node` and `Fin` declare `__weakref__`). */
const WEAKREFABLE = new Set<Kind>(["set", "inst", "node", "fin"]);

/** A model object. `-1` is None wherever an object id goes. */
interface MObj {
  kind: Kind;
  value?: number | string;
  /** list and tuple items; node and fin slots. */
  items: number[];
  /** dict: key text → [key id, value id], in insertion order; set: key text → key id; inst: name → value. */
  map: Map<string, [number, number]>;
  /** weakref: its target, and whether the runtime was seen to have cleared it. */
  target: number;
  dead: boolean;
  /** fin: its serial, stored in slot 0 as an int. */
  serial: number;
}

function keyText(k: Leaf): string {
  return "int" in k ? `i${k.int}` : "str" in k ? `s${k.str}` : `f${k.float}`;
}

/** Where a program's reads disagreed with the model. */
export class ModelMismatch extends Error {
  override name = "ModelMismatch";
}

/** The model of one program's heap. */
export class Model {
  readonly objs: MObj[] = [];
  readonly regs: number[] = new Array(REGS).fill(-1);

  make(kind: Kind, init: Partial<MObj> = {}): number {
    this.objs.push({ kind, items: [], map: new Map(), target: -1, dead: false, serial: -1, ...init });
    return this.objs.length - 1;
  }

  kindOf(r: number): Kind | null {
    const o = this.regs[r]!;
    return o < 0 ? null : this.objs[o]!.kind;
  }

  obj(r: number): MObj | undefined {
    const o = this.regs[r]!;
    return o < 0 ? undefined : this.objs[o];
  }

  /** Ids strongly reachable from the registers (weak references do not count). */
  reachable(): Set<number> {
    const seen = new Set<number>();
    const stack = this.regs.filter((r) => r >= 0);
    while (stack.length > 0) {
      const o = stack.pop()!;
      if (o < 0 || seen.has(o)) continue;
      seen.add(o);
      const m = this.objs[o]!;
      stack.push(...m.items);
      for (const [k, v] of m.map.values()) stack.push(k, v);
    }
    return seen;
  }

  /**
   * What reference counting alone keeps: the registers' objects and every object some kept object
   * refers to, found as the greatest fixed point (start from every object made, drop the ones nothing
   * kept refers to until none is dropped). Unreachable cycles, and what they refer to, stay, as they do
   * under counting; a chain of garbage goes, as each drop brings the next count to zero.
   */
  countedLive(): Set<number> {
    const referrers = new Map<number, number>();
    const edges = (m: MObj): number[] => [...m.items, ...[...m.map.values()].flat()].filter((x) => x >= 0);
    for (const m of this.objs) for (const x of edges(m)) referrers.set(x, (referrers.get(x) ?? 0) + 1);
    const roots = new Set(this.regs.filter((r) => r >= 0));
    const kept = new Set(this.objs.keys());
    const drop = [...kept].filter((o) => !roots.has(o) && (referrers.get(o) ?? 0) === 0);
    while (drop.length > 0) {
      const o = drop.pop()!;
      if (!kept.delete(o)) continue;
      for (const x of edges(this.objs[o]!)) {
        const n = referrers.get(x)! - 1;
        referrers.set(x, n);
        if (n === 0 && !roots.has(x)) drop.push(x);
      }
    }
    return kept;
  }
}

/** The kinds whose objects have identity: containers and instances (not leaves, which strategies cache). */
function hasIdentity(o: MObj): boolean {
  return (
    o.kind === "list" ||
    (o.kind === "tuple" && o.items.length > 0) ||
    o.kind === "dict" ||
    o.kind === "set" ||
    o.kind === "inst" ||
    o.kind === "node" ||
    o.kind === "fin"
  );
}

const IDENTITY_TYPES = new Set(["list", "tuple", "dict", "set", "Inst", "Node", "Fin"]);

/** The runtime's containers and instances (`()` aside, which is shared), counted by walking the heap. */
function identityObjects(rt: Runtime): number {
  let n = 0;
  rt.strategy.forEachObject((a) => {
    const t = rt.model.typeOf(a);
    if (IDENTITY_TYPES.has(t.name) && !(t.kind === "tuple" && rt.memory.u32[(a + OB_SIZE) >>> 2] === 0)) n++;
  });
  return n;
}

/** What the runtime may throw for an op, by Python's rules; null when the op must succeed. */
type Refusal = "TypeError" | "IndexError" | "KeyError" | "AttributeError" | null;

/**
 * Runs programs on one strategy. Make one per program (`new Runner(catalog.get(name).create)`), call
 * `run(ops)`; any disagreement throws `ModelMismatch` (or the runtime's own error, e.g.
 * HeapCorruptionError).
 */
export class Runner {
  readonly rt: Runtime;
  readonly m = new Model();
  readonly R: Handle[];
  private readonly Inst: TypeInfo;
  private readonly Node: TypeInfo;
  private readonly Fin: TypeInfo;
  private readonly finalized = new Set<number>();
  private readonly serialToId = new Map<number, number>();
  private readonly reclaimsCycles: boolean;
  private readonly generations: number;
  /** Every set element the fuzzer can make, as persistent handles: checking a set must not allocate. */
  readonly probes = new Map<string, Handle>();
  /** Containers and instances the runtime held before the program (its own, e.g. a `gc` module's). */
  readonly baseIdentityObjects: number;

  constructor(create: StrategyFactory) {
    const limit = 32 << 20;
    this.rt = new Runtime(create({ heapLimit: limit }), { heapLimit: limit });
    const rt = this.rt;
    this.reclaimsCycles = rt.strategy.constraints.reclaimsCycles;
    this.generations = rt.strategy.constraints.generations;
    this.Inst = rt.types.register({ name: "Inst", kind: "instance" });
    this.Node = rt.types.register({ name: "Node", kind: "slots", slots: ["a", "b"], weakrefable: true });
    this.Fin = rt.types.register({
      name: "Fin",
      kind: "slots",
      slots: ["id", "x"],
      weakrefable: true,
      finalizer: (self) => this.onFinalize(self),
    });
    this.R = Array.from({ length: REGS }, () => rt.persistent());
    for (const k of KEYS)
      this.probes.set(
        keyText(k),
        rt.scope(() => rt.persistent(this.newLeafHandle(k))),
      );
    this.baseIdentityObjects = identityObjects(rt);
  }

  private onFinalize(self: Handle): void {
    const serial = this.rt.intValue(this.rt.getSlot(self, 0));
    if (this.finalized.has(serial)) throw new ModelMismatch(`finalizer of Fin #${serial} ran twice`);
    this.finalized.add(serial);
    const id = this.serialToId.get(serial);
    if (id === undefined)
      throw new ModelMismatch(`finalizer ran on Fin #${serial}, which the model never made`);
    if (this.m.reachable().has(id))
      throw new ModelMismatch(`finalizer ran on Fin #${serial} while it is reachable`);
  }

  /** Runs the whole program, then the end checks. */
  run(ops: readonly Op[]): void {
    for (const op of ops) this.step(op);
    this.finish();
  }

  private newLeafHandle(v: Leaf): Handle {
    return "int" in v
      ? this.rt.newInt(v.int)
      : "str" in v
        ? this.rt.newStr(v.str)
        : this.rt.newFloat(v.float);
  }

  private newLeaf(v: Leaf): [Handle, number] {
    const rt = this.rt;
    if ("int" in v) return [rt.newInt(v.int), this.m.make("int", { value: v.int })];
    if ("str" in v) return [rt.newStr(v.str), this.m.make("str", { value: v.str })];
    return [rt.newFloat(v.float), this.m.make("float", { value: v.float })];
  }

  /** Points register `r` at model object `id` and handle `h` (model first, so finalizers see the new graph). */
  private put(r: number, h: Handle, id: number): void {
    this.m.regs[r] = id;
    this.rt.assign(this.R[r]!, h);
  }

  /**
   * Runs `apply` (the op on the model and the runtime) when the model says it succeeds; else runs
   * `call` (the op on the runtime alone) expecting Python's `refusal`, and the model stays untouched.
   */
  private expectOutcome(refusal: Refusal, what: string, apply: () => void, call: () => unknown): void {
    if (refusal === null) {
      this.rt.scope(apply);
      return;
    }
    let thrown: unknown;
    try {
      this.rt.scope(call);
    } catch (e) {
      thrown = e;
    }
    if (!(thrown instanceof HeaplabError))
      throw new ModelMismatch(
        `${what}: expected ${refusal}, got ${thrown === undefined ? "success" : String(thrown)}`,
      );
    if (thrown.name !== refusal)
      throw new ModelMismatch(`${what}: expected ${refusal}, got ${thrown.name}: ${thrown.message}`);
    // A KeyError's message is the missing key, as Python's is (`KeyError: 0`); others must say more.
    if (refusal !== "KeyError" && thrown.message.length < 8)
      throw new ModelMismatch(`${what}: unhelpful message '${thrown.message}'`);
  }

  private seqIndex(len: number, index: number): number {
    const i = index < 0 ? index + len : index;
    return i >= 0 && i < len ? i : -1;
  }

  /** Runs one step on the model and the runtime. */
  step(op: Op): void {
    this.apply(op);
  }

  private apply(op: Op): unknown {
    const { rt, m, R } = this;
    const what = JSON.stringify(op);
    switch (op.op) {
      case "leaf":
        return rt.scope(() => {
          const [h, id] = this.newLeaf(op.value);
          this.put(op.dst, h, id);
        });
      case "list":
      case "tuple":
        return rt.scope(() => {
          const items = op.items.map((r) => m.regs[r]!);
          const hs = op.items.map((r) => R[r]!);
          const h = op.op === "list" ? rt.newList(hs) : rt.newTuple(hs);
          this.put(op.dst, h, m.make(op.op, { items }));
        });
      case "dict":
      case "set":
        return rt.scope(() => this.put(op.dst, op.op === "dict" ? rt.newDict() : rt.newSet(), m.make(op.op)));
      case "inst":
        return rt.scope(() => this.put(op.dst, rt.newObject(this.Inst), m.make("inst")));
      case "node":
        return rt.scope(() => {
          const h = rt.newObject(this.Node, [R[op.a]!, R[op.b]!]);
          this.put(op.dst, h, m.make("node", { items: [m.regs[op.a]!, m.regs[op.b]!] }));
        });
      case "fin":
        return rt.scope(() => {
          const serial = this.serialToId.size;
          const [sh, sid] = this.newLeaf({ int: 1_000_000 + serial });
          const h = rt.newObject(this.Fin, [sh, R[op.x]!]);
          const id = m.make("fin", { items: [sid, m.regs[op.x]!], serial: 1_000_000 + serial });
          this.serialToId.set(1_000_000 + serial, id);
          this.put(op.dst, h, id);
        });
      case "weakref": {
        const k = m.kindOf(op.target);
        const ok = k !== null && WEAKREFABLE.has(k);
        return this.expectOutcome(
          ok ? null : "TypeError",
          what,
          () => {
            const h = rt.newWeakref(R[op.target]!);
            if (ok) this.put(op.dst, h, m.make("weakref", { target: m.regs[op.target]! }));
          },
          () => rt.newWeakref(R[op.target]!),
        );
      }
      case "append": {
        const o = m.obj(op.list);
        const ok = o?.kind === "list";
        return this.expectOutcome(
          ok ? null : "TypeError",
          what,
          () => {
            const item = m.regs[op.item]!;
            rt.append(R[op.list]!, R[op.item]!);
            o!.items.push(item);
          },
          () => rt.append(R[op.list]!, R[op.item]!),
        );
      }
      case "setItem": {
        const o = m.obj(op.list);
        const i = o?.kind === "list" ? this.seqIndex(o.items.length, op.index) : -1;
        const refusal: Refusal = o?.kind !== "list" ? "TypeError" : i < 0 ? "IndexError" : null;
        return this.expectOutcome(
          refusal,
          what,
          () => {
            const item = m.regs[op.item]!;
            o!.items[i] = item; // model first: the old item may die (and finalize) inside setItem
            rt.setItem(R[op.list]!, op.index, R[op.item]!);
          },
          () => rt.setItem(R[op.list]!, op.index, R[op.item]!),
        );
      }
      case "getItem": {
        const o = m.obj(op.seq);
        const seq = o?.kind === "list" || o?.kind === "tuple";
        const i = seq ? this.seqIndex(o!.items.length, op.index) : -1;
        const refusal: Refusal = !seq ? "TypeError" : i < 0 ? "IndexError" : null;
        return this.expectOutcome(
          refusal,
          what,
          () => {
            const h = rt.getItem(R[op.seq]!, op.index);
            const id = o!.items[i]!;
            this.checkRead(h, id, what);
            this.put(op.dst, h, id);
          },
          () => rt.getItem(R[op.seq]!, op.index),
        );
      }
      case "pop": {
        const o = m.obj(op.list);
        const i = o?.kind === "list" ? this.seqIndex(o.items.length, op.index) : -1;
        const refusal: Refusal = o?.kind !== "list" ? "TypeError" : i < 0 ? "IndexError" : null;
        return this.expectOutcome(
          refusal,
          what,
          () => {
            const h = rt.pop(R[op.list]!, op.index);
            const [id] = o!.items.splice(i, 1);
            this.checkRead(h, id!, what);
            this.put(op.dst, h, id!);
          },
          () => rt.pop(R[op.list]!, op.index),
        );
      }
      case "dictSet": {
        const o = m.obj(op.dict);
        return this.expectOutcome(
          o?.kind === "dict" ? null : "TypeError",
          what,
          () => {
            const [kh, kid] = this.newLeaf(op.key);
            const value = m.regs[op.value]!;
            const t = keyText(op.key);
            const old = o!.map.get(t);
            o!.map.set(t, [old?.[0] ?? kid, value]); // an existing key keeps its key object, as in CPython
            rt.dictSet(R[op.dict]!, kh, R[op.value]!);
          },
          () => rt.dictSet(R[op.dict]!, this.newLeafHandle(op.key), R[op.value]!),
        );
      }
      case "dictGet":
      case "dictDelete": {
        const o = m.obj(op.dict);
        const t = keyText(op.key);
        const refusal: Refusal = o?.kind !== "dict" ? "TypeError" : o.map.has(t) ? null : "KeyError";
        return this.expectOutcome(
          refusal,
          what,
          () => {
            const [kh] = this.newLeaf(op.key);
            const entry = o!.map.get(t)!;
            if (op.op === "dictGet") {
              const h = rt.dictGet(R[op.dict]!, kh);
              this.checkRead(h, entry[1], what);
              this.put(op.dst, h, entry[1]);
            } else {
              o!.map.delete(t);
              rt.dictDelete(R[op.dict]!, kh);
            }
          },
          () =>
            op.op === "dictGet"
              ? rt.dictGet(R[op.dict]!, this.newLeafHandle(op.key))
              : rt.dictDelete(R[op.dict]!, this.newLeafHandle(op.key)),
        );
      }
      case "add":
      case "discard": {
        const o = m.obj(op.set);
        return this.expectOutcome(
          o?.kind === "set" ? null : "TypeError",
          what,
          () => {
            const [kh, kid] = this.newLeaf(op.key);
            const t = keyText(op.key);
            if (op.op === "add") {
              if (!o!.map.has(t)) o!.map.set(t, [kid, -1]);
              rt.add(R[op.set]!, kh);
            } else {
              o!.map.delete(t);
              rt.discard(R[op.set]!, kh);
            }
          },
          () =>
            op.op === "add"
              ? rt.add(R[op.set]!, this.newLeafHandle(op.key))
              : rt.discard(R[op.set]!, this.newLeafHandle(op.key)),
        );
      }
      case "clear": {
        const o = m.obj(op.dst);
        const ok = o?.kind === "list" || o?.kind === "dict" || o?.kind === "set";
        return this.expectOutcome(
          ok ? null : "TypeError",
          what,
          () => {
            o!.items = [];
            o!.map.clear();
            rt.clear(R[op.dst]!);
          },
          () => rt.clear(R[op.dst]!),
        );
      }
      case "setSlot":
      case "getSlot": {
        const o = m.obj(op.obj);
        const slots = o?.kind === "node" || o?.kind === "fin";
        // Slot 0 of a Fin holds its serial: the fuzzer leaves it alone (the finalizer reads it).
        const writable = slots && !(o?.kind === "fin" && op.slot === 0 && op.op === "setSlot");
        const refusal: Refusal = !slots ? "TypeError" : op.slot > 1 ? "IndexError" : null;
        if (!writable && slots && refusal === null) return;
        return this.expectOutcome(
          refusal,
          what,
          () => {
            if (op.op === "setSlot") {
              o!.items[op.slot] = m.regs[op.value]!;
              rt.setSlot(R[op.obj]!, op.slot, R[op.value]!);
            } else {
              const h = rt.getSlot(R[op.obj]!, op.slot);
              this.checkRead(h, o!.items[op.slot]!, what);
              this.put(op.dst, h, o!.items[op.slot]!);
            }
          },
          () =>
            op.op === "setSlot"
              ? rt.setSlot(R[op.obj]!, op.slot, R[op.value]!)
              : rt.getSlot(R[op.obj]!, op.slot),
        );
      }
      case "setAttr": {
        const o = m.obj(op.obj);
        // heaplab stores "no attribute" as an empty word, so an attribute set to None reads as unset:
        // the fuzzer sets attributes to objects only (None is covered by slots).
        if (m.regs[op.value]! < 0) return;
        const refusal: Refusal = o?.kind === "inst" ? null : "AttributeError";
        if (o?.kind === "node" || o?.kind === "fin") return; // slots classes: covered by setSlot and misuse tests
        return this.expectOutcome(
          refusal,
          what,
          () => {
            o!.map.set(op.name, [m.regs[op.value]!, -1]);
            rt.setAttr(R[op.obj]!, op.name, R[op.value]!);
          },
          () => rt.setAttr(R[op.obj]!, op.name, R[op.value]!),
        );
      }
      case "getAttr": {
        const o = m.obj(op.obj);
        if (o?.kind === "node" || o?.kind === "fin") return;
        const refusal: Refusal = o?.kind === "inst" && o.map.has(op.name) ? null : "AttributeError";
        return this.expectOutcome(
          refusal,
          what,
          () => {
            const h = rt.getAttr(R[op.obj]!, op.name);
            const id = o!.map.get(op.name)![0];
            this.checkRead(h, id, what);
            this.put(op.dst, h, id);
          },
          () => rt.getAttr(R[op.obj]!, op.name),
        );
      }
      case "deref": {
        const o = m.obj(op.wr);
        return this.expectOutcome(
          o?.kind === "weakref" ? null : "TypeError",
          what,
          () => {
            const h = rt.deref(R[op.wr]!);
            const live = this.checkWeak(h, o!, this.m.reachable(), new Checker(this), what);
            this.put(op.dst, h, live ? o!.target : -1);
          },
          () => rt.deref(R[op.wr]!),
        );
      }
      case "assign":
        return this.put(op.dst, R[op.src]!, m.regs[op.src]!);
      case "drop":
        return this.put(op.dst, 0, -1);
      case "collect":
        rt.collect(op.generation % this.generations);
        rt.verify();
        this.checkAll(what);
        return;
      case "finalizers":
        rt.runPendingFinalizers();
        this.checkAll(what);
        return;
    }
  }

  /** A read value must equal the model's object. */
  private checkRead(h: Handle, id: number, what: string): void {
    new Checker(this).check(h, id, `${what} → read`);
  }

  /** Everything reachable from the registers equals the model. */
  checkAll(what: string): void {
    const c = new Checker(this);
    this.rt.scope(() => {
      for (let r = 0; r < REGS; r++) c.check(this.R[r]!, this.m.regs[r]!, `after ${what}: R${r}`);
    });
  }

  /**
   * A weak reference read: None only if its target is not strongly reachable (and then forever);
   * otherwise the target itself. Returns whether it is alive.
   */
  checkWeak(h: Handle, wr: MObj, reach: Set<number>, c: Checker, path: string): boolean {
    if (this.rt.isNone(h)) {
      if (reach.has(wr.target))
        throw new ModelMismatch(`${path}: weak reference died while its target is reachable`);
      wr.dead = true;
      return false;
    }
    if (wr.dead) throw new ModelMismatch(`${path}: a cleared weak reference came back`);
    c.check(h, wr.target, `${path}()`);
    return true;
  }

  /** The end of a program: verify, and under a cycle-collecting strategy, everything unreachable is gone. */
  finish(): void {
    const { rt, m } = this;
    rt.verify();
    this.checkAll("the end");
    if (!this.reclaimsCycles) return;
    // Two rounds: the first finalizes, the second frees what finalization kept (tracing strategies).
    for (let k = 0; k < 2; k++) {
      rt.collect();
      rt.runPendingFinalizers();
      rt.verify();
    }
    this.checkAll("two full collections");
    const reach = m.reachable();
    rt.scope(() => {
      for (const id of reach) {
        const o = m.objs[id]!;
        if (o.kind !== "weakref" || reach.has(o.target)) continue;
        // Read the weak reference through the object graph: find a register path to it.
        const h = this.handleFor(id);
        if (h !== undefined && !rt.isNone(rt.deref(h)))
          throw new ModelMismatch(`weak reference to an unreachable object survived two full collections`);
      }
    });
    for (const [serial, id] of this.serialToId) {
      if (!reach.has(id) && !this.finalized.has(serial))
        throw new ModelMismatch(`unreachable Fin #${serial} was never finalized after two full collections`);
    }
  }

  /** A handle to model object `id`, found by walking the runtime from the registers along the model. */
  private handleFor(id: number): Handle | undefined {
    const seen = new Set<number>();
    const walk = (h: Handle, o: number): Handle | undefined => {
      if (o === id) return h;
      if (o < 0 || seen.has(o)) return undefined;
      seen.add(o);
      const mo = this.m.objs[o]!;
      const rt = this.rt;
      if (mo.kind === "list" || mo.kind === "tuple") {
        for (let i = 0; i < mo.items.length; i++) {
          const r = walk(rt.getItem(h, i), mo.items[i]!);
          if (r !== undefined) return r;
        }
      } else if (mo.kind === "node" || mo.kind === "fin") {
        for (let i = 0; i < 2; i++) {
          const r = walk(rt.getSlot(h, i), mo.items[i]!);
          if (r !== undefined) return r;
        }
      } else if (mo.kind === "dict") {
        const keys = rt.keys(h);
        let i = 0;
        for (const [, v] of mo.map.values()) {
          const r = walk(rt.dictGet(h, keys[i++]!), v);
          if (r !== undefined) return r;
        }
      } else if (mo.kind === "inst") {
        for (const [name, [v]] of mo.map) {
          const r = walk(rt.getAttr(h, name), v);
          if (r !== undefined) return r;
        }
      }
      return undefined;
    };
    for (let r = 0; r < REGS; r++) {
      const h = walk(this.R[r]!, this.m.regs[r]!);
      if (h !== undefined) return h;
    }
    return undefined;
  }
}

/**
 * Compares a runtime object graph with the model's, keeping a bijection between addresses and model
 * ids for objects with identity (containers; not ints, strs, floats, `()` or shared weak references).
 */
class Checker {
  private readonly byAddr = new Map<number, number>();
  private readonly byId = new Map<number, number>();
  private readonly reach: Set<number>;

  constructor(private readonly runner: Runner) {
    this.reach = runner.m.reachable();
  }

  check(h: Handle, id: number, path: string): void {
    const rt = this.runner.rt;
    if (id < 0) {
      if (!rt.isNone(h)) throw new ModelMismatch(`${path}: expected None, got a '${rt.typeName(h)}'`);
      return;
    }
    const o = this.runner.m.objs[id]!;
    const name = rt.typeName(h);
    if (name !== TYPE_NAME[o.kind])
      throw new ModelMismatch(`${path}: expected '${TYPE_NAME[o.kind]}', got '${name}'`);
    if (o.kind === "int" || o.kind === "str" || o.kind === "float") {
      const v = o.kind === "int" ? rt.intValue(h) : o.kind === "str" ? rt.strValue(h) : rt.floatValue(h);
      if (v !== o.value) throw new ModelMismatch(`${path}: expected ${String(o.value)}, got ${String(v)}`);
      return;
    }
    if (o.kind === "weakref") {
      rt.scope(() => this.runner.checkWeak(rt.deref(h), o, this.reach, this, path));
      return;
    }
    const hasIdentity = !(o.kind === "tuple" && o.items.length === 0);
    if (hasIdentity) {
      const addr = rt.addressOf(h);
      const known = this.byAddr.get(addr);
      if (known !== undefined) {
        if (known !== id)
          throw new ModelMismatch(`${path}: two model objects (#${known}, #${id}) share one address`);
        return;
      }
      if (this.byId.has(id)) throw new ModelMismatch(`${path}: model object #${id} found at two addresses`);
      this.byAddr.set(addr, id);
      this.byId.set(id, addr);
    }
    rt.scope(() => this.checkBody(h, o, path));
  }

  private checkBody(h: Handle, o: MObj, path: string): void {
    const rt = this.runner.rt;
    switch (o.kind) {
      case "list":
      case "tuple": {
        const n = rt.len(h);
        if (n !== o.items.length) throw new ModelMismatch(`${path}: len ${n}, expected ${o.items.length}`);
        for (let i = 0; i < n; i++) this.check(rt.getItem(h, i), o.items[i]!, `${path}[${i}]`);
        return;
      }
      case "node":
      case "fin":
        for (let i = 0; i < 2; i++) this.check(rt.getSlot(h, i), o.items[i]!, `${path}.slot${i}`);
        return;
      case "dict": {
        const keys = rt.keys(h);
        const entries = [...o.map.values()];
        if (keys.length !== entries.length || rt.len(h) !== entries.length)
          throw new ModelMismatch(`${path}: ${keys.length} keys, expected ${entries.length}`);
        entries.forEach(([k, v], i) => {
          this.check(keys[i]!, k, `${path}.keys()[${i}]`);
          this.check(rt.dictGet(h, keys[i]!), v, `${path}[key ${i}]`);
        });
        return;
      }
      case "set": {
        if (rt.len(h) !== o.map.size)
          throw new ModelMismatch(`${path}: len ${rt.len(h)}, expected ${o.map.size}`);
        for (const t of o.map.keys()) {
          if (!rt.contains(h, this.runner.probes.get(t)!))
            throw new ModelMismatch(`${path}: missing element ${t}`);
        }
        return;
      }
      case "inst":
        for (const [name, [v]] of o.map) this.check(rt.getAttr(h, name), v, `${path}.${name}`);
        return;
    }
  }
}

/**
 * The reference-counting oracle, on the containers and instances alive. `"exact"` (counting alone, as
 * under `refcount`): exactly those `Model.countedLive` keeps. `"bounds"` (a cycle collector may have
 * freed garbage cycles unseen): at least the reachable ones, at most what counting keeps.
 * `"reachable"` (right after a full collection): exactly the reachable ones.
 * @throws ModelMismatch with the counts.
 */
export function checkCounting(runner: Runner, mode: "exact" | "bounds" | "reachable"): void {
  const m = runner.m;
  const count = (ids: Set<number>) => [...ids].filter((id) => hasIdentity(m.objs[id]!)).length;
  const live = identityObjects(runner.rt) - runner.baseIdentityObjects;
  const kept = count(m.countedLive());
  const reachable = count(m.reachable());
  const ok =
    mode === "exact"
      ? live === kept
      : mode === "reachable"
        ? live === reachable
        : live >= reachable && live <= kept;
  if (!ok)
    throw new ModelMismatch(
      `${mode}: ${live} containers and instances alive; counting keeps ${kept}, ${reachable} reachable`,
    );
}

/** Runs `ops` under the strategy `create` makes, with every check; throws on the first disagreement. */
export function runProgram(create: StrategyFactory, ops: readonly Op[]): Runner {
  const runner = new Runner(create);
  runner.run(ops);
  return runner;
}
