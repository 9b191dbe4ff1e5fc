/**
 * Random mutator programs for the property tests of `refcount` and `cpython-3.11`, and an independent
 * model of what they must leave alive: a plain object graph with its own reference counts (an object
 * dies when its count reaches 0, freeing what it held) and reachability from the registers.
 */
import type { Handle, Runtime, TypeInfo } from "@heaplab/runtime";
import fc from "fast-check";

/** One step of a program over six registers (persistent handles). */
export type Op =
  | { op: "list"; dst: number; items: number[] }
  | { op: "tuple"; dst: number; items: number[] }
  | { op: "dict"; dst: number }
  | { op: "obj"; dst: number }
  | { op: "append"; list: number; item: number }
  | { op: "dictSet"; dict: number; key: number; value: number }
  | { op: "setAttr"; obj: number; value: number }
  | { op: "weakref"; dst: number; target: number }
  | { op: "assign"; dst: number; src: number }
  | { op: "clear"; dst: number }
  | { op: "collect"; generation: number };

export const REGS = 6;
const reg = fc.integer({ min: 0, max: REGS - 1 });

/** An arbitrary program of up to `max` steps. */
export function programArb(max: number, withCollect: boolean): fc.Arbitrary<Op[]> {
  const ops: fc.Arbitrary<Op>[] = [
    fc.record({ op: fc.constant("list" as const), dst: reg, items: fc.array(reg, { maxLength: 3 }) }),
    fc.record({
      op: fc.constant("tuple" as const),
      dst: reg,
      items: fc.array(reg, { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ op: fc.constant("dict" as const), dst: reg }),
    fc.record({ op: fc.constant("obj" as const), dst: reg }),
    fc.record({ op: fc.constant("append" as const), list: reg, item: reg }),
    fc.record({
      op: fc.constant("dictSet" as const),
      dict: reg,
      key: fc.integer({ min: 0, max: 3 }),
      value: reg,
    }),
    fc.record({ op: fc.constant("setAttr" as const), obj: reg, value: reg }),
    fc.record({ op: fc.constant("weakref" as const), dst: reg, target: reg }),
    fc.record({ op: fc.constant("assign" as const), dst: reg, src: reg }),
    fc.record({ op: fc.constant("clear" as const), dst: reg }),
  ];
  if (withCollect)
    ops.push(fc.record({ op: fc.constant("collect" as const), generation: fc.integer({ min: 0, max: 2 }) }));
  return fc.array(fc.oneof(...ops), { minLength: 1, maxLength: max, size: "max" });
}

type Kind = "list" | "tuple" | "dict" | "obj" | "str" | "weakref";
interface MObj {
  kind: Kind;
  /** Strong references it holds, with repeats. */
  refs: number[];
  /** dict: key text → [key object, value object or -1]; obj: attribute value or -1. */
  entries: Map<string, [number, number]>;
  attr: number;
  /** weakref: its referent, or -1 once it died. */
  target: number;
  rc: number;
  alive: boolean;
}

/** The model: objects by serial, registers holding serials (-1 for None). */
export class Model {
  readonly objs: MObj[] = [];
  readonly regs: number[] = new Array(REGS).fill(-1);

  make(kind: Kind, refs: number[] = []): number {
    for (const r of refs) this.inc(r);
    this.objs.push({ kind, refs: [...refs], entries: new Map(), attr: -1, target: -1, rc: 0, alive: true });
    return this.objs.length - 1;
  }

  inc(o: number): void {
    if (o >= 0) this.objs[o]!.rc++;
  }

  dec(o: number): void {
    if (o < 0) return;
    const m = this.objs[o]!;
    if (--m.rc > 0) return;
    m.alive = false;
    for (const x of this.objs) if (x.kind === "weakref" && x.target === o) x.target = -1;
    for (const r of m.refs) this.dec(r);
    m.refs = [];
  }

  setReg(i: number, o: number): void {
    this.inc(o);
    const old = this.regs[i]!;
    this.regs[i] = o;
    this.dec(old);
  }

  /** Objects reachable from the registers. */
  reachable(): Set<number> {
    const seen = new Set<number>();
    const stack = this.regs.filter((r) => r >= 0);
    while (stack.length > 0) {
      const o = stack.pop()!;
      if (seen.has(o)) continue;
      seen.add(o);
      stack.push(...this.objs[o]!.refs);
    }
    return seen;
  }

  /** What a full cycle collection frees: everything alive but unreachable, weak references cleared. */
  collectAll(): void {
    const keep = this.reachable();
    this.objs.forEach((m, i) => {
      if (m.alive && !keep.has(i)) {
        m.alive = false;
        m.refs = [];
      }
    });
    for (const m of this.objs)
      if (m.kind === "weakref" && m.target >= 0 && !this.objs[m.target]!.alive) m.target = -1;
  }

  liveCount(): number {
    return this.objs.filter((m) => m.alive).length;
  }
}

/** Runs one step on both the runtime and the model; an op that does not apply (wrong kind) is skipped. */
export function step(
  rt: Runtime,
  m: Model,
  R: Handle[],
  op: Op,
  Obj: TypeInfo,
  collect: (g: number) => void,
): void {
  const kindOf = (i: number): Kind | null => (m.regs[i]! < 0 ? null : m.objs[m.regs[i]!]!.kind);
  rt.scope(() => {
    switch (op.op) {
      case "list":
      case "tuple": {
        const items = op.items.filter((i) => m.regs[i]! >= 0);
        if (op.op === "tuple" && items.length === 0) return;
        const h =
          op.op === "list" ? rt.newList(items.map((i) => R[i]!)) : rt.newTuple(items.map((i) => R[i]!));
        const o = m.make(
          op.op,
          items.map((i) => m.regs[i]!),
        );
        rt.assign(R[op.dst]!, h);
        m.setReg(op.dst, o);
        return;
      }
      case "dict":
      case "obj": {
        const h = op.op === "dict" ? rt.newDict() : rt.newObject(Obj);
        rt.assign(R[op.dst]!, h);
        m.setReg(op.dst, m.make(op.op));
        return;
      }
      case "append": {
        if (kindOf(op.list) !== "list" || m.regs[op.item]! < 0) return;
        rt.append(R[op.list]!, R[op.item]!);
        const l = m.objs[m.regs[op.list]!]!;
        m.inc(m.regs[op.item]!);
        l.refs.push(m.regs[op.item]!);
        return;
      }
      case "dictSet": {
        if (kindOf(op.dict) !== "dict" || m.regs[op.value]! < 0) return;
        const text = `k${op.key}`;
        rt.dictSet(R[op.dict]!, rt.newStr(text), R[op.value]!);
        const d = m.objs[m.regs[op.dict]!]!;
        const v = m.regs[op.value]!;
        m.inc(v);
        const old = d.entries.get(text);
        if (old === undefined) {
          const k = m.make("str");
          m.inc(k);
          d.entries.set(text, [k, v]);
          d.refs.push(k, v);
        } else {
          d.entries.set(text, [old[0], v]);
          d.refs.splice(d.refs.indexOf(old[1]), 1, v);
          m.dec(old[1]);
        }
        return;
      }
      case "setAttr": {
        if (kindOf(op.obj) !== "obj" || m.regs[op.value]! < 0) return;
        rt.setAttr(R[op.obj]!, "a", R[op.value]!);
        const o = m.objs[m.regs[op.obj]!]!;
        const v = m.regs[op.value]!;
        m.inc(v);
        const old = o.attr;
        o.attr = v;
        if (old >= 0) o.refs.splice(o.refs.indexOf(old), 1, v);
        else o.refs.push(v);
        m.dec(old);
        return;
      }
      case "weakref": {
        if (kindOf(op.target) !== "obj") return;
        // with a callback, so each call makes a new weak reference (no sharing of the basic one)
        const h = rt.newWeakref(R[op.target]!, () => {});
        const w = m.make("weakref");
        m.objs[w]!.target = m.regs[op.target]!;
        rt.assign(R[op.dst]!, h);
        m.setReg(op.dst, w);
        return;
      }
      case "assign":
        rt.assign(R[op.dst]!, R[op.src]!);
        m.setReg(op.dst, m.regs[op.src]!);
        return;
      case "clear":
        rt.assign(R[op.dst]!, 0);
        m.setReg(op.dst, -1);
        return;
      case "collect":
        collect(op.generation);
        if (op.generation === 2) m.collectAll();
        return;
    }
  });
}

/**
 * Checks the registers against the model: kinds, lengths, and weak references' liveness. With
 * `exactLiveness` false (a cycle collector may have run without the model knowing), a weak reference
 * is only required alive when its referent is reachable and dead when counting alone freed it.
 */
export function checkRegisters(rt: Runtime, m: Model, R: Handle[], exactLiveness: boolean): void {
  const reach = exactLiveness ? null : m.reachable();
  for (let i = 0; i < REGS; i++) {
    const o = m.regs[i]!;
    if (o < 0) {
      if (!rt.isNone(R[i]!)) throw new Error(`register ${i} should be None`);
      continue;
    }
    const mo = m.objs[o]!;
    const name = rt.typeName(R[i]!);
    const expectName = mo.kind === "obj" ? "Obj" : mo.kind;
    if (name !== expectName) throw new Error(`register ${i}: ${name}, model says ${expectName}`);
    if (mo.kind === "list" || mo.kind === "tuple") {
      if (rt.len(R[i]!) !== mo.refs.length)
        throw new Error(`register ${i}: len ${rt.len(R[i]!)} ≠ ${mo.refs.length}`);
    } else if (mo.kind === "dict") {
      if (rt.len(R[i]!) !== mo.entries.size) throw new Error(`register ${i}: dict len ≠ ${mo.entries.size}`);
    } else if (mo.kind === "weakref") {
      const alive = rt.isAlive(R[i]!);
      const ok =
        reach === null ? alive === mo.target >= 0 : mo.target < 0 ? !alive : alive || !reach.has(mo.target);
      if (!ok) throw new Error(`register ${i}: weakref liveness ${alive} contradicts the model`);
    }
  }
}
