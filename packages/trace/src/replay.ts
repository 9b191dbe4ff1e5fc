import {
  type GcEndEvent,
  type GcModule,
  type Handle,
  HeaplabError,
  NONE,
  Runtime,
  type Strategy,
} from "@heaplab/runtime";
import { finalShape } from "./final-shape";
import { RefereeLoop } from "./referee-loop";
import { RegisterList } from "./register-list";
import { TraceError } from "./trace-error";
import { type Op, RESULT_FORMAT, type Shape, type Trace, type TraceResult } from "./trace-format";
import { DEFAULT_TRACE_LIMITS, type TraceLimits } from "./trace-limits";
import { FIN_TAG_SLOT, registerTraceTypes, type TraceTypes } from "./trace-types";

/**
 * References to `()` held by python3 3.11.7 itself when the referee starts a trace, measured here:
 * `[["tuple", 0, []], ["refcount", 0]]` observes 999,999,999 + 575, of which 3 are the trace's (the
 * compiled op, the loop's local `s`, register 0).
 */
export const EMPTY_TUPLE_INTERPRETER_REFS = 572;

/** How to replay. */
export interface ReplayOptions {
  /** Makes the strategy to run under (a fresh one per trace). */
  createStrategy: () => Strategy;
  /**
   * Inert long-lived GC objects the heap starts with (the referee's `baseline`): they sit in the oldest
   * generation, so they count in CPython's 25% rule and in `gc.get_freeze_count()`. Default 0.
   */
  baseline?: number;
  /**
   * References the interpreter itself holds to the static empty tuple `()` while the referee runs
   * (code objects' constants and the like): CPython's `sys.getrefcount(())` includes them. An
   * environment value like `baseline`; default `EMPTY_TUPLE_INTERPRETER_REFS` (python3 3.11.7 here).
   */
  emptyTupleRefs?: number;
  /** Heap limit in bytes. Default 256 MiB. */
  heapLimit?: number;
  /** Called after every op (for instance `rt.verify()` in differential tests). */
  afterOp?: (rt: Runtime, index: number) => void;
  /** Called once after the last op (for instance a last `rt.verify()`). */
  afterRun?: (rt: Runtime) => void;
  /** Bounds on what the trace may ask; here the printed size of the final graph. Default `DEFAULT_TRACE_LIMITS`. */
  limits?: TraceLimits;
}

type Stats = { collections: number; collected: number; uncollectable: number }[];

/**
 * Replays a validated trace under a strategy and reports what it observed, in the referee's result
 * format. The loop mirrors the referee's replay loop reference for reference: each Python local or
 * stack value that holds an object while an op runs is a handle here, released in the order CPython
 * drops it, so deallocation cascades, finalizers and callbacks happen at the same moments.
 *
 * Observations a strategy cannot make (a refcount without reference counting, CPython's generation
 * counts without its gc module) are `null`.
 *
 * @throws TraceError naming the op for an op that is invalid on the heap it meets (an index out of
 * range, a weak reference to a list, `len` of a node).
 * @example
 * const result = replayTrace(parseTrace(json), { createStrategy: () => catalog.get("cpython-3.11").create({}), baseline: 11290 });
 */
export function replayTrace(trace: Trace, options: ReplayOptions): TraceResult {
  const strategy = options.createStrategy();
  const rt = new Runtime(strategy, { heapLimit: options.heapLimit ?? 256 * 1024 * 1024 });
  return replayOn(rt, trace, options);
}

/**
 * Replays `trace` on a runtime the caller made (a workload under the comparison engine, with its
 * listeners attached). The runtime should be fresh: the trace registers its classes on it.
 * @example
 * const result = replayOn(rt, loadTrace("node-cycle.json"));
 */
export function replayOn(
  rt: Runtime,
  trace: Trace,
  options: Omit<ReplayOptions, "createStrategy" | "heapLimit"> = {},
): TraceResult {
  return new Replayer(rt, trace, { ...options, createStrategy: () => rt.strategy }).run();
}

class Replayer {
  private readonly gc: GcModule | undefined;
  private R!: RegisterList;
  private readonly log: string[] = [];
  private logSeen = 0;
  private readonly resurrect = new Map<string, number>();
  private readonly observations: [number, unknown][] = [];
  private readonly types: TraceTypes;
  private readonly gcEnds: GcEndEvent[] = [];
  /** The referee loop's locals that may hold `()` (only under reference counting). */
  private readonly locals: Partial<Record<"s" | "srcs" | "items", Handle>> = {};
  /** The referee's bytecode on this version: eval-breaker checks and warm-up (`referee-loop.ts`). */
  private readonly loop: RefereeLoop;

  constructor(
    private readonly rt: Runtime,
    private readonly trace: Trace,
    private readonly options: ReplayOptions,
  ) {
    this.gc = rt.strategy.gc;
    // the referee's eval-breaker checks are placed where its bytecode has them, not at allocations
    rt.evalBreakerAtAllocation = false;
    this.loop = new RefereeLoop(rt);
    this.types = registerTraceTypes(rt, (self) => {
      // Fin.__del__: `LOG.append("del:" + str(self.tag))`, then store self into the register named by
      // `resurrect`. Its RESUME is an eval-breaker check. Until the method (3.11) or the call site
      // (3.12) is quickened, `str(...)` is a generic type call that packs its argument into a 1-tuple
      // through the tuple free list (which can bump gc.get_count() or trigger a collection); the call
      // ends with a check either way.
      this.loop.enter("del");
      const tagStr = rt.getSlot(self, FIN_TAG_SLOT);
      if (this.loop.strBuildsTuple("del")) rt.release(rt.newTuple([tagStr]));
      this.loop.check();
      const tag = rt.strValue(tagStr);
      this.log.push(`del:${tag}`);
      const slot = this.resurrect.get(tag);
      if (slot !== undefined) this.R.set(slot, self);
    });
  }

  run(): TraceResult {
    const { rt, gc, trace } = this;
    gc?.disable();
    gc?.setDebug(0);
    // On 3.12 this moves the interpreter's 375 immortal containers into generation 2, and the first
    // full collection below puts them back into the permanent generation (`update_refs`), as in CPython.
    gc?.unfreeze();
    gc?.clearGarbage();
    this.R = new RegisterList(rt, trace.registers);
    gc?.setThreshold(trace.threshold[0], trace.threshold[1], trace.threshold[2]);
    const baseline = this.makeBaseline();
    this.holdCompiledEmptyTuples();
    // The referee's three full collections: counts at zero, free lists empty, nothing young.
    for (let k = 0; k < 3; k++) rt.collect(rt.strategy.constraints.generations - 1);
    const before = this.stats();
    const off = rt.events.on((e) => {
      if (e.type === "gc-end") this.gcEnds.push(e);
    });
    if (trace.gcEnabled) gc?.enable();
    const last = trace.ops.length - 1;
    trace.ops.forEach((op, i) => {
      const mark = rt.openScope();
      try {
        this.step(op, i);
      } catch (e) {
        if (e instanceof TraceError || !(e instanceof HeaplabError) || e.name === "MemoryError") throw e;
        throw new TraceError(`${e.name}: ${e.message}`, i);
      } finally {
        rt.closeScope(mark);
      }
      // `i = i + 1` and the loop's JUMP_BACKWARD: a check after every op but the last
      if (i < last) this.loop.check();
      this.options.afterOp?.(rt, i);
    });
    this.drainFinalizers();
    gc?.disable();
    // the call `gc.disable()` ends with a check: a collection still scheduled runs there on 3.12,
    // whose `_Py_RunGC` does not look at `enabled` (3.13's does, and skips it)
    this.loop.check();
    off();
    this.options.afterRun?.(rt);
    const after = this.stats();
    const result: TraceResult = {
      format: RESULT_FORMAT,
      trace: trace.name,
      python: rt.strategy.profile?.version ?? "3.11",
      strategy: rt.strategy.name,
      observations: this.observations,
      stats: after.map((s, g) => ({
        collections: s.collections - before[g]!.collections,
        collected: s.collected - before[g]!.collected,
        uncollectable: s.uncollectable - before[g]!.uncollectable,
      })),
      garbage: gc ? gc.garbage.length : null,
      baseline,
      final: this.final(),
    };
    return result;
  }

  /**
   * Runs the finalizers and weak-reference callbacks a tracing collection queued and no later
   * allocation ran (the finalizer thread catching up before the program ends), so the final graph and
   * the stats hold what they did. Strategies that finalize inside the collection have none queued.
   */
  private drainFinalizers(): void {
    const mark = this.rt.openScope();
    try {
      this.rt.runPendingFinalizers();
    } finally {
      this.rt.closeScope(mark);
    }
  }

  /** The final graph, stopped with a TraceError as soon as it would print more than the limit allows. */
  private final(): Shape[] {
    const max = (this.options.limits ?? DEFAULT_TRACE_LIMITS).maxOutputChars;
    let printed = 0;
    return finalShape(this.rt, this.R.addresses(), this.types, (chars) => {
      printed += chars;
      if (printed > max)
        throw new TraceError(`the final object graph would print more than ${max} characters`, -1);
    });
  }

  /**
   * The references to `()` the referee holds outside the heap. `compile_ops` turns every op's source
   * list into a tuple before the run (`tuple([]) is ()`), the loop's locals `s`, `srcs` and `items`
   * keep the last op's tuple, and the interpreter holds its own. Only strategies that count
   * references can observe them; they are handles to `()` here.
   */
  private holdCompiledEmptyTuples(): void {
    if (this.rt.strategy.refcount === undefined) return;
    const { rt } = this;
    const empty = rt.newTuple([]);
    const hold = (n: number) => {
      for (let k = 0; k < n; k++) rt.persistent(empty);
    };
    hold(this.options.emptyTupleRefs ?? EMPTY_TUPLE_INTERPRETER_REFS);
    for (const op of this.trace.ops) {
      const srcs =
        op[0] === "fin"
          ? op[3]
          : op[0] === "list" || op[0] === "tuple" || op[0] === "node" || op[0] === "dict"
            ? op[2]
            : null;
      if (srcs !== null && srcs.length === 0) hold(1);
    }
    for (const local of ["s", "srcs", "items"] as const) this.locals[local] = rt.persistent(NONE);
    rt.release(empty);
  }

  /** Python's `s = op[2]` (and `srcs`, `items`): the local holds `()` when the op's sources are empty. */
  private setLocal(name: "s" | "srcs" | "items", sources: readonly unknown[]): void {
    const h = this.locals[name];
    if (h === undefined) return;
    if (sources.length > 0) this.rt.assign(h, NONE);
    else this.rt.scope(() => this.rt.assign(h, this.rt.newTuple([])));
  }

  /**
   * The interpreter's N long-lived tracked objects: the register list (made first) and N - 1 inert
   * ones, a list holding N - 2 empty lists.
   */
  private makeBaseline(): number {
    const n = this.options.baseline ?? 0;
    if (n <= 0 || this.gc === undefined) return 0;
    const { rt } = this;
    if (n === 1) return n;
    const holder = rt.persistent(rt.newList());
    for (let i = 2; i < n; i++) rt.scope(() => rt.append(holder, rt.newList()));
    return n;
  }

  /** `gc.get_stats()` where the strategy has a gc module, else collections counted from gc-end events. */
  private stats(): Stats {
    if (this.gc !== undefined) return this.gc.getStats().map((s) => ({ ...s }));
    const out: Stats = [0, 1, 2].map(() => ({ collections: 0, collected: 0, uncollectable: 0 }));
    for (const e of this.gcEnds) {
      const s = out[Math.min(e.generation, 2)]!;
      s.collections++;
      s.collected += e.collected;
      s.uncollectable += e.uncollectable;
    }
    return out;
  }

  private observe(i: number, value: unknown): void {
    this.observations.push([i, value]);
  }

  /** `R[d] = value`: the value is held (by `h`, Python's stack) while the old register value is released. */
  private store(d: number, h: Handle): void {
    this.R.set(d, h);
    this.rt.release(h);
  }

  /** `f(R[s])`: the register's value on Python's stack for the length of one call. */
  private withReg<T>(s: number, f: (h: Handle) => T): T {
    const h = this.R.get(s);
    try {
      return f(h);
    } finally {
      this.rt.release(h);
    }
  }

  private kindOf(h: Handle): string {
    return this.rt.typeName(h);
  }

  /**
   * Node and Fin slots assigned so far, by object address (bit i: slot i): heaplab stores None and an
   * unset slot alike, CPython does not (`getattr` of an unset one raises inside). Written when the
   * replayer makes a node (the address is a new object's) and on every `set`.
   */
  private readonly assigned = new Map<number, number>();

  /**
   * `getattr(node, name, None)` on an unset slot raises `AttributeError` and clears it inside the call:
   * on 3.12+ that makes the exception and its 1-tuple `args` (GC allocations, the tuple through the free
   * list) and drops them; 3.11 makes nothing.
   */
  private missingAttribute(): void {
    if (!this.loop.profile.interpreter.eagerExceptions) return;
    const { rt } = this;
    rt.scope(() => {
      const exc = rt.newObject(this.types.AttributeError);
      const args = rt.newTuple([rt.newStr("'Node' object has no attribute")]);
      rt.setSlot(exc, 0, args);
      rt.release(args);
      rt.release(exc);
    });
  }

  /**
   * `type(x) is Node` and, for anything but a Node, `type(x) is Fin`: two call sites, each generic (with
   * an eval-breaker check) the first time and `CALL_NO_KW_TYPE_1` (without) after.
   */
  private typeCalls(op: "set" | "get", kind: string): void {
    this.loop.checkIfCold(`${op}.type1`);
    if (kind !== "Node") this.loop.checkIfCold(`${op}.type2`);
  }

  private step(op: Op, i: number): void {
    const { rt, R, gc, loop } = this;
    switch (op[0]) {
      case "list": {
        this.setLocal("srcs", op[2]);
        const tmp = rt.newList();
        loop.checkIfCold("list.len");
        op[2].forEach((s, k) => {
          this.withReg(s, (h) => rt.append(tmp, h));
          loop.checkIfCold("list.append");
          if (k < op[2].length - 1) loop.check();
        });
        this.store(op[1], tmp);
        return;
      }
      case "tuple": {
        this.setLocal("s", op[2]);
        loop.checkIfCold("tuple.len");
        // BUILD_TUPLE takes over the references its items' loads pushed.
        const items = op[2].map((s) => R.get(s));
        const t = rt.newTuple(items);
        for (const h of items) rt.release(h);
        this.store(op[1], t);
        return;
      }
      case "dict": {
        this.setLocal("items", op[2]);
        const tmp = rt.newDict();
        loop.checkIfCold("dict.len");
        op[2].forEach(([k, s], n) => {
          const key = rt.newInt(k);
          this.withReg(s, (h) => rt.dictSet(tmp, key, h));
          rt.release(key);
          if (n < op[2].length - 1) loop.check();
        });
        this.store(op[1], tmp);
        return;
      }
      case "node":
      case "fin": {
        const isFin = op[0] === "fin";
        this.setLocal("srcs", op[0] === "fin" ? op[3] : op[2]);
        const tmp = rt.newObject(isFin ? this.types.Fin : this.types.Node);
        loop.check(); // Node() / Fin(): a class call, never specialised
        const srcCount = (op[0] === "fin" ? op[3] : op[2]).length;
        this.assigned.set(rt.addressOf(tmp), (1 << srcCount) - 1);
        if (op[0] === "fin") {
          const tag = rt.newStr(op[2]);
          rt.setSlot(tmp, FIN_TAG_SLOT, tag);
          rt.release(tag);
        }
        const srcs = op[0] === "fin" ? op[3] : op[2];
        loop.checkIfCold(`${op[0]}.len`);
        srcs.forEach((s, k) => {
          this.withReg(s, (h) => rt.setSlot(tmp, k, h));
          loop.check(); // setattr(...)
          if (k < srcs.length - 1) loop.check();
        });
        this.store(op[1], tmp);
        return;
      }
      case "int":
        this.store(op[1], rt.newInt(op[2]));
        return;
      case "str":
        this.store(op[1], rt.newStr(op[2]));
        return;
      case "weakref": {
        const tag = op[3];
        // `weakref.ref(...)` calls a type: CPython packs the arguments into a 1- or 2-tuple (through
        // the tuple free list, so it can bump gc.get_count() and even trigger a collection) before the
        // weak reference exists, and drops it as the call returns. The callback slot's content is
        // never observed (the referent keeps such a tuple tracked anyway), so None stands in for it.
        const referent = R.get(op[2]);
        const args = rt.newTuple(tag === null ? [referent] : [referent, NONE]);
        const tmp = tag === null ? rt.newWeakref(referent) : rt.newWeakref(referent, this.callbackFor(tag));
        rt.release(args);
        rt.release(referent);
        loop.check(); // weakref.ref(...): a generic call
        if (tag !== null) loop.check(); // id(tmp)
        this.store(op[1], tmp);
        return;
      }
      case "deref":
        this.expectKind(op[2], ["weakref"], "is not a weak reference", i);
        this.store(
          op[1],
          this.withReg(op[2], (wr) => {
            const v = rt.deref(wr);
            loop.check(); // R[s](): a generic call
            return v;
          }),
        );
        return;
      case "resurrect":
        this.resurrect.set(op[1], op[2]);
        return;
      case "set": {
        const target = R.get(op[1]);
        const kind = this.kindOf(target);
        const [, , idx, s] = op;
        this.typeCalls("set", kind);
        if (kind === "Node" || kind === "Fin") {
          this.slotIndex(idx, i, () => this.withReg(s, (h) => rt.setSlot(target, idx, h)));
          const a = rt.addressOf(target);
          this.assigned.set(a, (this.assigned.get(a) ?? 0) | (1 << idx));
          loop.check(); // setattr(...)
        } else if (kind === "list") this.withReg(s, (h) => rt.setItem(target, idx, h));
        else if (kind === "dict") {
          const key = rt.newInt(idx);
          this.withReg(s, (h) => rt.dictSet(target, key, h));
          rt.release(key);
        } else throw new TraceError(`'${kind}' object does not support item assignment`, i);
        rt.release(target);
        return;
      }
      case "get": {
        const src = R.get(op[2]);
        const kind = this.kindOf(src);
        const idx = op[3];
        this.typeCalls("get", kind);
        let v: Handle;
        if (kind === "Node" || kind === "Fin") {
          v = this.slotIndex(idx, i, () => rt.getSlot(src, idx));
          if (((this.assigned.get(rt.addressOf(src)) ?? 0) & (1 << idx)) === 0) this.missingAttribute();
          loop.check(); // getattr(...)
        } else if (kind === "list" || kind === "tuple") v = rt.getItem(src, idx);
        else if (kind === "dict") {
          const key = rt.newInt(idx);
          v = rt.dictGet(src, key);
          rt.release(key);
        } else throw new TraceError(`'${kind}' object is not subscriptable`, i);
        this.store(op[1], v);
        rt.release(src);
        return;
      }
      case "append": {
        const lst = R.get(op[1]);
        this.expectKind(op[1], ["list"], "has no append()", i);
        this.withReg(op[2], (h) => rt.append(lst, h));
        loop.checkIfCold("append.append");
        rt.release(lst);
        return;
      }
      case "clear": {
        const c = R.get(op[1]);
        this.expectKind(op[1], ["list", "dict"], "has no clear()", i);
        rt.clear(c);
        loop.check(); // .clear(): a method call
        rt.release(c);
        return;
      }
      case "pop": {
        const lst = R.get(op[1]);
        this.expectKind(op[1], ["list"], "has no pop()", i);
        const v = rt.pop(lst);
        rt.release(lst);
        loop.check(); // .pop() returns, the item still on the stack
        rt.release(v);
        return;
      }
      case "mov": {
        this.store(op[1], R.get(op[2]));
        return;
      }
      case "del":
        R.set(op[1], NONE);
        return;
      case "collect": {
        const found = rt.collect(Math.min(op[1], rt.strategy.constraints.generations - 1));
        loop.check(); // gc.collect(...)
        this.observe(i, found);
        return;
      }
      case "enable":
        gc?.enable();
        loop.check();
        return;
      case "disable":
        gc?.disable();
        loop.check();
        return;
      case "threshold": {
        // `gc.set_threshold` takes METH_VARARGS in 3.11: the call packs its three arguments into a
        // 3-tuple (through the tuple free list, so with the list empty it is a GC allocation that bumps
        // gc.get_count() and can start a collection under the old thresholds) before the new thresholds
        // are set, and drops it as the call returns.
        const ints = [op[1], op[2], op[3]].map((v) => rt.newInt(v));
        const args = rt.newTuple(ints);
        gc?.setThreshold(op[1], op[2], op[3]);
        rt.release(args);
        for (const h of ints) rt.release(h);
        loop.check(); // gc.set_threshold(...) returns: on 3.12+ a collection the argument tuple
        // scheduled runs here, under the new thresholds
        return;
      }
      case "freeze":
        gc?.freeze();
        loop.check();
        return;
      case "unfreeze":
        gc?.unfreeze();
        loop.check();
        return;
      case "saveall":
        gc?.setDebug(op[1] ? 32 : 0);
        loop.check();
        return;
      case "count": {
        if (gc === undefined) {
          this.observe(i, null);
          return;
        }
        const c = gc.getCount();
        // gc.get_count() builds a 3-tuple of ints and the caller unpacks and drops it: through the
        // tuple free list, so observing the count can change the next count, as in CPython.
        const ints = c.map((v) => rt.newInt(v));
        const t = rt.newTuple(ints);
        // Py_BuildValue fills a PyTuple_New tuple, which is tracked whatever its items (3.14 leaves
        // untracked only tuples built from items of no GC type)
        gc.trackFilledTuple?.(rt.addressOf(t));
        loop.check(); // gc.get_count() returns its tuple
        // `c0, c1, c2 = ...`: 3.11's loop is never quickened (its `while` loops jump back with
        // POP_JUMP_BACKWARD_IF_TRUE, which does not warm code up), and 3.12's site is generic the first
        // time: the generic UNPACK_SEQUENCE iterates through a tuple iterator, a GC object, which can
        // itself trigger a collection. Exhausting it drops its reference to the tuple; then it dies,
        // then the tuple. Specialised (UNPACK_SEQUENCE_TUPLE) it pushes the items and drops the tuple.
        if (loop.unpackMakesIterator()) {
          const it = rt.newObject(this.types.TupleIterator, [NONE, t]);
          rt.setSlot(it, 1, NONE);
          rt.release(it);
        }
        rt.release(t);
        for (const h of ints) rt.release(h);
        this.observe(i, c);
        return;
      }
      case "refcount":
        // `sys.getrefcount(R[s]) - 1`: the argument's own reference is not the register's.
        this.observe(
          i,
          this.withReg(op[1], (h) => {
            const n = rt.refcount(h);
            return n === null ? null : n - 1;
          }),
        );
        return;
      case "tracked":
        this.observe(i, gc === undefined ? null : this.withReg(op[1], (h) => gc.isTracked(rt.addressOf(h))));
        return;
      case "finalized":
        this.observe(
          i,
          this.withReg(op[1], (h) => rt.isFinalized(h)),
        );
        return;
      case "alive":
        this.expectKind(op[1], ["weakref"], "is not a weak reference", i);
        this.observe(
          i,
          this.withReg(op[1], (h) => rt.isAlive(h)),
        );
        return;
      case "len":
        this.expectKind(op[1], ["list", "tuple", "dict"], "has no len()", i);
        this.observe(
          i,
          this.withReg(op[1], (h) => rt.len(h)),
        );
        return;
      case "is":
        this.observe(
          i,
          this.withReg(op[1], (a) => this.withReg(op[2], (b) => rt.is(a, b))),
        );
        return;
      case "freeze_count":
        this.observe(i, gc === undefined ? null : gc.getFreezeCount());
        return;
      case "garbage":
        this.observe(i, gc === undefined ? null : gc.garbage.length);
        return;
      case "log":
        this.observe(i, this.log.slice(this.logSeen));
        this.logSeen = this.log.length;
        return;
    }
  }

  private readonly callbacks = new Map<string, (wr: Handle) => void>();

  /** The referee's callback logs `cb:TAG`, TAG being the one given when the weak reference was made. */
  private callbackFor(tag: string): (wr: Handle) => void {
    let cb = this.callbacks.get(tag);
    if (cb === undefined) {
      cb = () => {
        // `LOG.append("cb:" + str(WTAG.get(id(wr))))` after its RESUME's check: until the callback
        // (3.11) or the call site (3.12) is quickened, str() packs its argument into a 1-tuple; the
        // call ends with a check.
        this.loop.enter("callback");
        if (this.loop.strBuildsTuple("callback")) {
          const s = this.rt.newStr(tag);
          this.rt.release(this.rt.newTuple([s]));
          this.rt.release(s);
        }
        this.loop.check();
        this.log.push(`cb:${tag}`);
      };
      this.callbacks.set(tag, cb);
    }
    return cb;
  }

  private slotIndex<T>(idx: number, i: number, fn: () => T): T {
    if (!Number.isInteger(idx) || idx < 0 || idx > 3)
      throw new TraceError(`slot index ${idx} is out of range (0..3)`, i);
    return fn();
  }

  private expectKind(reg: number, kinds: string[], what: string, i: number): void {
    const k = this.withReg(reg, (h) => this.kindOf(h));
    if (!kinds.includes(k)) throw new TraceError(`register ${reg} holds '${k}', which ${what}`, i);
  }
}
