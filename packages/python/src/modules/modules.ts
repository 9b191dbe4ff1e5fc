import { borrowing, makeClassInfo } from "../builtins/classes";
import type { KwArgs, NativeFn } from "../interp/classes";
import { type Interp, RECURSION_LIMIT, UNBOUND } from "../interp/interp";
import { PRELUDES } from "./prelude";

/** Runs Python source as a module body in `globals` (set by the package's entry point). */
export type ModuleRunner = (source: string, name: string, globals: number) => void;

/** Options the modules read: the program's arguments and file name. */
export interface ModuleOptions {
  argv: readonly string[];
  filename: string;
  /** The program's source lines (memory_profiler's `Line Contents`). */
  sourceLines: readonly string[];
  runSource: ModuleRunner;
  /** `tracemalloc`: bytes of objects alive that were allocated while tracing. */
  tracer: {
    start(): void;
    stop(): void;
    current(): number;
    peak(): number;
    resetPeak(): void;
    tracing(): boolean;
  };
}

/**
 * The standard modules heaplab provides (`sys`, `gc`, `weakref`, `tracemalloc`, `collections`,
 * `time`, `memory_profiler`): module objects on the heap whose `__dict__` holds native functions and,
 * for the parts written in Python, the classes the prelude defines.
 *
 * @example
 * ip.moduleFactory = moduleFactory(ip, options);
 */
export function moduleFactory(ip: Interp, o: ModuleOptions): (name: string) => number | null {
  const rt = ip.rt;
  const B = (fn: (a: number[], kw: KwArgs | null) => number) => borrowing(ip, fn);
  const make = (
    name: string,
    fill: (put: (k: string, v: number) => void, fn: (k: string, f: NativeFn) => void, d: number) => void,
  ) => {
    const d = ip.newDict();
    const put = (k: string, v: number) => {
      const kh = ip.intern(k);
      rt.dictSet(d, kh, v);
      ip.rel(kh);
      ip.rel(v);
    };
    put("__name__", ip.intern(name));
    fill(put, (k, f) => put(k, ip.nativeObject(k, f, 0)), d);
    return ip.newSlots(ip.t.module, { __dict__: d, __name__: ip.intern(name) });
  };
  const refcounts = rt.strategy.refcount !== undefined;
  let warned = false;

  return (name) => {
    switch (name) {
      case "sys":
        return make("sys", (put, fn) => {
          fn(
            "getrefcount",
            B((a) => {
              // None is address 0, not a heap object: immortal, as CPython 3.12 made it.
              if (a[0] === 0 && refcounts) return ip.newInt(2 ** 32 - 1);
              const n = rt.refcount(a[0]!);
              if (n === null || !refcounts) {
                if (!warned) {
                  warned = true;
                  ip.print(
                    `heaplab: strategy '${rt.strategy.name}' keeps no reference counts; sys.getrefcount() returns 0\n`,
                    true,
                  );
                }
                return ip.newInt(0);
              }
              // The argument's handle is the reference CPython's call stack holds.
              return ip.newInt(n);
            }),
          );
          fn(
            "getsizeof",
            B((a) => {
              const x = a[0]!;
              if (ip.typeOf(x) === ip.t.bool) return ip.newInt(ip.intOf(x) === 0 ? 24 : 28);
              if (x === 0) return ip.newInt(16);
              // object.__sizeof__ is tp_basicsize: an instance's values array is not counted.
              const t = ip.typeOf(x)!;
              const aux = t.kind === "instance" ? rt.model.auxBytes(ip.addr(x)) : 0;
              return ip.newInt(rt.sizeOf(x) - aux);
            }),
          );
          fn(
            "intern",
            B((a) => ip.intern(ip.strOf(a[0]!))),
          );
          fn(
            "getrecursionlimit",
            B(() => ip.newInt(RECURSION_LIMIT)),
          );
          fn(
            "exit",
            B((a) => ip.exit(a.length === 0 || a[0] === 0 ? 0 : ip.intOf(a[0]!))),
          );
          put("argv", ip.newList([o.filename, ...o.argv].map((s) => ip.newStr(s))));
          put("maxsize", ip.newInt(Number.MAX_SAFE_INTEGER));
          put("stdout", stream(ip, false));
          put("stderr", stream(ip, true));
        });
      case "gc":
        return make("gc", (put, fn) => gcModule(ip, put, fn));
      case "time":
        return make("time", (_put, fn) => {
          const t0 = performance.now();
          let slept = 0;
          const now = B(() => ip.newFloat((performance.now() - t0 + slept) / 1000));
          fn("perf_counter", now);
          fn("monotonic", now);
          fn(
            "time",
            B(() => ip.newFloat(Date.now() / 1000 + slept / 1000)),
          );
          fn(
            "sleep",
            B((a) => {
              slept += (ip.numOf(a[0]!) ?? 0) * 1000;
              return 0;
            }),
          );
        });
      case "tracemalloc":
        return make("tracemalloc", (_put, fn) => {
          fn(
            "start",
            B(() => {
              o.tracer.start();
              return 0;
            }),
          );
          fn(
            "stop",
            B(() => {
              o.tracer.stop();
              return 0;
            }),
          );
          fn(
            "is_tracing",
            B(() => ip.bool(o.tracer.tracing())),
          );
          fn(
            "reset_peak",
            B(() => {
              o.tracer.resetPeak();
              return 0;
            }),
          );
          fn(
            "get_traced_memory",
            B(() => ip.newTuple([ip.newInt(o.tracer.current()), ip.newInt(o.tracer.peak())])),
          );
        });
      case "memory_profiler":
        return make("memory_profiler", (_put, fn) => {
          fn(
            "profile",
            B((a) => {
              const prof = ip.profiler;
              const target = a[0]!;
              if (prof === null || ip.typeOf(target) !== ip.t.function) return ip.dup(target);
              // memory_profiler's decorator: run the function, then print its line-by-line report.
              const codeId = ip.codeId(target);
              prof.codes.add(codeId);
              const held = ip.dup(target);
              const code = ip.codes[codeId]!;
              return ip.nativeObject(
                code.name,
                (args, kw) => {
                  prof.reset(codeId);
                  const r = ip.call(ip.dup(held), args, kw);
                  ip.print(prof.report(codeId, code.filename, o.sourceLines, code.firstLine, code.lastLine));
                  return r;
                },
                0,
              );
            }),
          );
        });
      case "collections":
      case "weakref": {
        const m = make(name, (put, fn) => {
          if (name === "weakref") {
            put("ref", ip.dup(ip.cls.weakref!.obj));
            fn(
              "getweakrefcount",
              B((a) => {
                void a;
                return ip.newInt(0);
              }),
            );
            fn(
              "_bind",
              B((a) => ip.newSlots(ip.t.method, { __func__: ip.dup(a[0]!), __self__: ip.dup(a[1]!) })),
            );
          }
        });
        const d = ip.slot(m, ip.t.module, "__dict__");
        o.runSource(PRELUDES[name]!, name, d);
        ip.rel(d);
        return m;
      }
      default:
        return null;
    }
  };
}

/** `sys.stdout` / `sys.stderr`: an object with `write` and `flush`. */
function stream(ip: Interp, err: boolean): number {
  let c = ip.classes.find((k) => k.name === "TextIOWrapper");
  if (c === undefined) {
    const ti = ip.rt.types.register({ name: "TextIOWrapper", kind: "instance" });
    const made = makeClassInfo(ip, "TextIOWrapper", [ip.cls.object!], 0, ti, [ti.id]);
    made.natives.set(
      "write",
      borrowing(ip, (a) => {
        const flag = ip.persist(ip.rt.getAttr(a[0]!, "_err"));
        const isErr = ip.intOf(flag) === 1;
        ip.rel(flag);
        const s = ip.strOf(a[1]!);
        ip.print(s, isErr);
        return ip.newInt(s.length);
      }),
    );
    made.natives.set(
      "flush",
      borrowing(ip, () => 0),
    );
    c = made;
  }
  const h = ip.persist(ip.rt.newObject(c.instanceType!));
  const flag = ip.newInt(err ? 1 : 0);
  ip.rt.setAttr(h, "_err", flag);
  ip.rel(flag);
  return h;
}

/**
 * The `gc` module. Under `cpython-3.11` it is the strategy's own collector (`strategy.gc`); under
 * strategies without one, it behaves as Jython's and IronPython's do on the JVM and the CLR:
 * `collect()` runs a full collection and then the finalizers it queued (System.gc() +
 * runFinalization), returns the number of objects the collector found dead, and the knobs are inert.
 */
function gcModule(
  ip: Interp,
  put: (k: string, v: number) => void,
  fn: (k: string, f: NativeFn) => void,
): void {
  const rt = ip.rt;
  const g = rt.strategy.gc;
  const B = (f: (a: number[], kw: KwArgs | null) => number) => borrowing(ip, f);
  const tuple3 = (t: readonly number[]) => ip.newTuple(t.map((x) => ip.newInt(x)));
  const garbage = ip.newList([]);
  put("garbage", ip.dup(garbage));
  const syncGarbage = () => {
    if (g === undefined) return;
    for (const a of g.garbage.splice(0)) {
      const h = ip.own(a);
      rt.append(garbage, h);
      ip.rel(h);
      rt.strategy.release(a);
    }
  };
  fn(
    "collect",
    B((a) => {
      const gen = a.length > 0 ? ip.intOf(a[0]!) : 2;
      if (gen < 0 || gen > 2) ip.raise("ValueError", "invalid generation");
      if (g !== undefined) {
        const n = g.collect(gen);
        syncGarbage();
        return ip.newInt(n);
      }
      const n = rt.collect(Math.min(gen, rt.strategy.constraints.generations - 1));
      rt.runPendingFinalizers();
      return ip.newInt(n);
    }),
  );
  fn(
    "get_count",
    B(() => tuple3(g?.getCount() ?? [0, 0, 0])),
  );
  fn(
    "get_threshold",
    B(() => tuple3(g?.getThreshold() ?? [700, 10, 10])),
  );
  fn(
    "set_threshold",
    B((a) => {
      const v = a.map((x) => ip.intOf(x));
      g?.setThreshold(v[0]!, v[1], v[2]);
      return 0;
    }),
  );
  let enabled = true;
  fn(
    "enable",
    B(() => {
      if (g === undefined) enabled = true;
      else g.enable();
      return 0;
    }),
  );
  fn(
    "disable",
    B(() => {
      if (g === undefined) enabled = false;
      else g.disable();
      return 0;
    }),
  );
  fn(
    "isenabled",
    B(() => ip.bool(g === undefined ? enabled : g.isEnabled())),
  );
  fn(
    "is_tracked",
    B((a) => {
      const t = ip.typeOf(a[0]!);
      if (g !== undefined && t !== null) return ip.bool(g.isTracked(ip.addr(a[0]!)));
      return ip.bool(t?.gc === true);
    }),
  );
  fn(
    "is_finalized",
    B((a) => ip.bool(rt.isFinalized(a[0]!))),
  );
  fn(
    "get_stats",
    B(() => {
      const stats =
        g?.getStats() ?? [0, 1, 2].map(() => ({ collections: 0, collected: 0, uncollectable: 0 }));
      return ip.newList(
        stats.map((s) => {
          const d = ip.newDict();
          for (const [k, v] of Object.entries(s)) {
            const kh = ip.intern(k);
            const vh = ip.newInt(v);
            rt.dictSet(d, kh, vh);
            ip.rel(kh);
            ip.rel(vh);
          }
          return d;
        }),
      );
    }),
  );
  fn(
    "freeze",
    B(() => {
      g?.freeze();
      return 0;
    }),
  );
  fn(
    "unfreeze",
    B(() => {
      g?.unfreeze();
      return 0;
    }),
  );
  fn(
    "get_freeze_count",
    B(() => ip.newInt(g?.getFreezeCount() ?? 0)),
  );
  fn(
    "get_referents",
    B((a) => {
      const out: number[] = [];
      for (const x of a) {
        if (x === 0) continue;
        rt.model.scan(ip.addr(x), { visit: (s) => out.push(ip.own(ip.m.u32[s >>> 2]!)) }, "traverse");
      }
      return ip.newList(out);
    }),
  );
  fn(
    "get_referrers",
    B((a) => {
      const targets = new Set(a.map((x) => ip.addr(x)));
      const found: number[] = [];
      rt.strategy.forEachObject((obj) => {
        const t = rt.model.typeOf(obj);
        if (!t.gc) return;
        let hit = false;
        rt.model.scan(
          obj,
          {
            visit: (s) => {
              if (targets.has(ip.m.u32[s >>> 2]!)) hit = true;
            },
          },
          "traverse",
        );
        if (hit) found.push(obj);
      });
      return ip.newList(found.map((x) => ip.own(x)));
    }),
  );
  fn(
    "get_objects",
    B(() => ip.newList((g?.getObjects() ?? []).map((x) => ip.own(x)))),
  );
  fn(
    "set_debug",
    B((a) => {
      g?.setDebug(ip.intOf(a[0]!));
      return 0;
    }),
  );
  fn(
    "get_debug",
    B(() => ip.newInt(g?.getDebug() ?? 0)),
  );
  put("DEBUG_STATS", ip.newInt(1));
  put("DEBUG_COLLECTABLE", ip.newInt(2));
  put("DEBUG_UNCOLLECTABLE", ip.newInt(4));
  put("DEBUG_SAVEALL", ip.newInt(32));
  put("DEBUG_LEAK", ip.newInt(38));
  put("callbacks", ip.newList([]));
  // `garbage` stays held here: the module's list, which collect() fills from the collector's.
  void UNBOUND;
}
