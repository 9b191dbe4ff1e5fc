import { CPYTHON_3_11, type CPythonProfile, type Runtime } from "@heaplab/runtime";

/**
 * What the referee's Python code (`cpython_replay.py`: the `run` loop, `Fin.__del__`, `callback`)
 * does around the heap on the CPython version being replayed, beyond the ops themselves: where its
 * bytecode reaches an eval-breaker check, and which of its calls build a GC-counted argument tuple or
 * iterator, given how far that code has warmed up.
 *
 * Eval-breaker checks (3.12+: where a scheduled collection runs) sit after a call returns — in the
 * generic `CALL` and in every specialised call except `len(x)`, `type(x)`, `list.append`
 * (`CALL_NO_KW_LEN`, `CALL_NO_KW_TYPE_1`, `CALL_NO_KW_LIST_APPEND` in 3.12; `CALL_LEN`, `CALL_TYPE_1`,
 * `CALL_LIST_APPEND` in 3.13) — at every `JUMP_BACKWARD` (a `while` loop's back-edge, taken after
 * every iteration but the last) and at a Python function's `RESUME` (the finalizer and the callback,
 * when a deallocation calls them).
 *
 * Warm-up: 3.11 quickens a function on its 8th call, and the `run` loop never (its loops jump back
 * with `POP_JUMP_BACKWARD_IF_TRUE`, which does not count). 3.12+ quicken code when it is created and
 * each call site specialises on its second execution (adaptive counter warm-up 1), so a site's first
 * execution in a process is generic — the referee runs each trace in a fresh process.
 *
 * @example
 * const loop = new RefereeLoop(rt);
 * if (loop.cold("list.len")) loop.check(); // len(srcs): generic CALL the first time, then CALL_NO_KW_LEN
 */
export class RefereeLoop {
  readonly profile: CPythonProfile;
  /** Call sites (named `op.call`) already executed once: specialised from now on. */
  private readonly executed = new Set<string>();
  /** 3.11: calls of `Fin.__del__` and of `callback` so far (each function quickens on its 8th). */
  private readonly calls = new Map<string, number>();
  private readonly scheduling: boolean;

  constructor(private readonly rt: Runtime) {
    this.profile = rt.strategy.profile ?? CPYTHON_3_11;
    this.scheduling = this.profile.gc.trigger === "eval-breaker";
  }

  /** An eval-breaker check: a collection the allocator scheduled runs now (3.12+). */
  check(): void {
    if (this.scheduling) this.rt.evalBreaker();
  }

  /**
   * Whether the call site `site` runs generic this time: true on its first execution under
   * instruction warm-up (3.12+). Used for the calls whose specialised form has no eval-breaker check.
   */
  cold(site: string): boolean {
    if (this.profile.interpreter.warmup !== "instruction") return false;
    if (this.executed.has(site)) return false;
    this.executed.add(site);
    return true;
  }

  /** A check after a call whose specialised form has none (`len`, `type`, `list.append`): only the first time. */
  checkIfCold(site: string): void {
    if (this.cold(site)) this.check();
  }

  /**
   * A Python function of the referee starts (its `RESUME`): counts the call for 3.11's warm-up and runs
   * the eval-breaker check.
   */
  enter(fn: "del" | "callback"): void {
    this.calls.set(fn, (this.calls.get(fn) ?? 0) + 1);
    this.check();
  }

  /**
   * Whether `str(x)` inside `fn` packs its argument into a 1-tuple (a GC allocation through the tuple
   * free list) this time: 3.11 until the function is quickened (calls 1 to 7); 3.12 on the site's first
   * execution, before it specialises to `CALL_NO_KW_STR_1`; never on 3.13, where `str` has vectorcall.
   */
  strBuildsTuple(fn: "del" | "callback"): boolean {
    const p = this.profile.interpreter;
    if (p.strVectorcall) return false;
    if (p.warmup === "function") return (this.calls.get(fn) ?? 0) < 8;
    return this.cold(`${fn}.str`);
  }

  /**
   * Whether `c0, c1, c2 = gc.get_count()` unpacks through a tuple iterator (a GC object) this time:
   * always on 3.11 (the loop is never quickened), on the first `count` on 3.12+ (then
   * `UNPACK_SEQUENCE_TUPLE`).
   */
  unpackMakesIterator(): boolean {
    if (this.profile.interpreter.warmup === "function") return true;
    return this.cold("count.unpack");
  }
}
