import { describeValue } from "./describe-value";
import { TraceError } from "./trace-error";
import { type Op, TRACE_FORMAT, type Trace } from "./trace-format";
import { DEFAULT_TRACE_LIMITS, type TraceLimits } from "./trace-limits";

type Arg = "reg" | "regs" | "int" | "str" | "tag" | "items" | "bool" | "gen";

/** Each op's argument kinds; `reg` arguments must name a register. */
const SIGNATURES: Record<string, Arg[]> = {
  list: ["reg", "regs"],
  tuple: ["reg", "regs"],
  node: ["reg", "regs"],
  dict: ["reg", "items"],
  fin: ["reg", "tag", "regs"],
  int: ["reg", "int"],
  str: ["reg", "str"],
  weakref: ["reg", "reg", "tag"],
  deref: ["reg", "reg"],
  resurrect: ["tag", "reg"],
  set: ["reg", "int", "reg"],
  get: ["reg", "reg", "int"],
  append: ["reg", "reg"],
  mov: ["reg", "reg"],
  is: ["reg", "reg"],
  del: ["reg"],
  clear: ["reg"],
  pop: ["reg"],
  refcount: ["reg"],
  tracked: ["reg"],
  finalized: ["reg"],
  alive: ["reg"],
  len: ["reg"],
  collect: ["gen"],
  threshold: ["int", "int", "int"],
  saveall: ["bool"],
  enable: [],
  disable: [],
  freeze: [],
  unfreeze: [],
  count: [],
  log: [],
  garbage: [],
  freeze_count: [],
};

const MAX_ITEMS: Record<string, number> = { tuple: 4, node: 4, fin: 4 };

/**
 * Validates a parsed JSON trace and returns it typed. Everything that can be checked before running is
 * checked here: format, op names and arity, register numbers, item counts, generations, dict keys
 * (ints 0–255), the bounds in `limits` (registers, string lengths). An `int` value may be a bigint
 * (`loadTrace` reads ints past 2^53 exactly). What depends on the heap (a list index, a weak reference to
 * a list) is checked while replaying. Messages show values one line long, cut and with control
 * characters escaped.
 * @throws TraceError naming the op's index.
 * @example
 * const trace = parseTrace(JSON.parse(readFileSync("seed-cycle.json", "utf8")));
 */
export function parseTrace(json: unknown, limits: TraceLimits = DEFAULT_TRACE_LIMITS): Trace {
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new TraceError("a trace is a JSON object", -1);
  const t = json as Record<string, unknown>;
  if (t.format !== TRACE_FORMAT)
    throw new TraceError(`not a ${TRACE_FORMAT} trace (format is ${describeValue(t.format)})`, -1);
  const registers = t.registers ?? 16;
  if (
    !Number.isInteger(registers) ||
    (registers as number) < 1 ||
    (registers as number) > limits.maxRegisters
  ) {
    throw new TraceError(
      `'registers' must be an integer from 1 to ${limits.maxRegisters}, not ${describeValue(registers)}`,
      -1,
    );
  }
  const nregs = registers as number;
  const gc = (t.gc ?? {}) as Record<string, unknown>;
  if (typeof gc !== "object" || gc === null) throw new TraceError("'gc' must be an object", -1);
  const threshold = gc.threshold ?? [700, 10, 10];
  if (
    !Array.isArray(threshold) ||
    threshold.length !== 3 ||
    !threshold.every((x) => Number.isInteger(x) && x >= 0)
  ) {
    throw new TraceError(
      `'gc.threshold' must be three non-negative integers, not ${describeValue(threshold)}`,
      -1,
    );
  }
  if (!Array.isArray(t.ops)) throw new TraceError("trace has no 'ops' array", -1);
  const ops = t.ops.map((op, i) => parseOp(op, i, nregs, limits));
  return {
    name: typeof t.name === "string" ? t.name : "unnamed",
    registers: nregs,
    gcEnabled: Boolean(gc.enabled ?? false),
    threshold: threshold as [number, number, number],
    ops,
  };
}

function parseOp(op: unknown, i: number, nregs: number, limits: TraceLimits): Op {
  if (!Array.isArray(op) || op.length === 0 || typeof op[0] !== "string") {
    throw new TraceError("an op is a non-empty array whose first item is its name", i);
  }
  const name = op[0];
  const sig = SIGNATURES[name];
  if (sig === undefined) throw new TraceError(`unknown op ${describeValue(name)}`, i);
  const args = op.slice(1);
  if (name === "collect" && args.length === 0) args.push(2);
  if (args.length !== sig.length)
    throw new TraceError(`${name} takes ${sig.length} argument(s), got ${args.length}`, i);
  const reg = (v: unknown, what: string) => {
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= nregs) {
      throw new TraceError(`${what} ${describeValue(v)} is not a register (0..${nregs - 1})`, i);
    }
  };
  sig.forEach((kind, k) => {
    const v = args[k];
    switch (kind) {
      case "reg":
        reg(v, "register");
        break;
      case "regs":
        if (!Array.isArray(v)) throw new TraceError(`${name} needs an array of source registers`, i);
        if (v.length > (MAX_ITEMS[name] ?? Number.POSITIVE_INFINITY)) {
          throw new TraceError(`a ${name} has at most ${MAX_ITEMS[name]} items, got ${v.length}`, i);
        }
        for (const r of v) reg(r, "source register");
        break;
      case "items":
        if (!Array.isArray(v)) throw new TraceError("dict needs an array of [key, register] pairs", i);
        for (const it of v) {
          if (!Array.isArray(it) || it.length !== 2)
            throw new TraceError("a dict item is a [key, register] pair", i);
          if (!Number.isInteger(it[0]) || it[0] < 0 || it[0] > 255)
            throw new TraceError(`dict key ${describeValue(it[0])} is not an int from 0 to 255`, i);
          reg(it[1], "source register");
        }
        break;
      case "int":
        // An int value may be any size (exact as a bigint); indices and thresholds are machine-sized.
        if (name === "int" && typeof v === "bigint") {
          if (v.toString().replace("-", "").length > limits.maxIntDigits)
            throw new TraceError(`an int has more than ${limits.maxIntDigits} digits`, i);
          break;
        }
        if (typeof v === "bigint") throw new TraceError(`${describeValue(v)} is too large for ${name}`, i);
        if (!Number.isSafeInteger(v)) throw new TraceError(`${describeValue(v)} is not an integer`, i);
        if (name === "threshold" && (v as number) < 0) throw new TraceError("thresholds are non-negative", i);
        break;
      case "str":
        if (typeof v !== "string") throw new TraceError(`${describeValue(v)} is not a string`, i);
        if (v.length > limits.maxStringChars)
          throw new TraceError(`a string is longer than ${limits.maxStringChars} characters`, i);
        break;
      case "tag":
        if (name === "weakref" ? v !== null && !isTag(v) : !isTag(v)) {
          throw new TraceError(`${describeValue(v)} is not a tag`, i);
        }
        if (typeof v === "string" && v.length > limits.maxStringChars)
          throw new TraceError(`a tag is longer than ${limits.maxStringChars} characters`, i);
        if (v !== null) args[k] = String(v);
        break;
      case "bool":
        args[k] = Boolean(v);
        break;
      case "gen":
        if (v !== 0 && v !== 1 && v !== 2) throw new TraceError("generation must be 0, 1 or 2", i);
        break;
    }
  });
  return [name, ...args] as Op;
}

/** A tag is a string or a number (the referee takes `str(tag)`). */
function isTag(v: unknown): v is string | number | bigint {
  return typeof v === "string" || typeof v === "number" || typeof v === "bigint";
}
