/**
 * Issue 8's soak: a mixed mutator workload with bounded live memory (a ring of `slots` entries, each
 * replaced over and over by tuples, lists, dicts, instances, strs, weak references and, where the
 * strategy reclaims them, cycles), sampled at regular points after a full collection: heap held,
 * live bytes, and the JS heap of the process itself (after `global.gc()` when node runs with
 * `--expose-gc`). A least-squares slope over the samples after warm-up says whether anything grows.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type Handle, Runtime } from "@heaplab/runtime";
import { catalog } from "../../src/catalog";

export interface SoakSample {
  ops: number;
  heldBytes: number;
  usedBytes: number;
  jsHeapBytes: number;
}

export interface SoakResult {
  strategy: string;
  ops: number;
  seconds: number;
  samples: SoakSample[];
  /** Growth over the measured window (after warm-up) predicted by the slope, as a fraction of the mean. */
  heldGrowth: number;
  usedGrowth: number;
  /** The same for the JS heap, in bytes (the JS heap also holds the test runner: an absolute bound). */
  jsGrowthBytes: number;
}

/** Least-squares slope of `y` over `x`. */
export function slope(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (x[i]! - mx) * (y[i]! - my);
    den += (x[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** A deterministic xorshift generator (the soak must be repeatable). */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** `global.gc` (node --expose-gc), else the same function exposed at run time. */
function exposeGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) return g;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}
const gc = exposeGc();

/** Runs `ops` mutator operations under `strategy`, taking `samples` samples. */
export function soak(strategy: string, ops: number, samples = 20, slots = 2000): SoakResult {
  const limit = 256 << 20;
  const random = rng(12345);
  let rt!: Runtime;
  let ring!: Handle;
  let shared!: Handle;
  let Obj!: ReturnType<Runtime["types"]["register"]>;
  let Node!: ReturnType<Runtime["types"]["register"]>;
  let cycles = false;
  const start = () => {
    rt = new Runtime(catalog.get(strategy).create({ heapLimit: limit }), { heapLimit: limit });
    cycles = rt.strategy.constraints.reclaimsCycles;
    Obj = rt.types.register({ name: "Obj", kind: "instance" });
    Node = rt.types.register({ name: "Node", kind: "slots", slots: ["next", "value"], weakrefable: true });
    ring = rt.persistent(rt.scope(() => rt.newList(new Array(slots).fill(0))));
    shared = rt.persistent(rt.scope(() => rt.newDict()));
  };
  start();
  // `none` never frees (NoGC): its heap grows by design, so it runs in epochs of fresh runtimes and
  // only the process's own memory is asserted flat.
  const epochOps =
    rt.strategy.constraints.reclaimsCycles || rt.strategy.constraints.referenceCounting ? 0 : 150_000;
  const every = Math.floor(ops / samples);
  const keyMask = 2 ** Math.ceil(Math.log2(slots)) - 1; // the shared dict's keys: about `slots` of them
  const out: SoakSample[] = [];
  const t0 = performance.now();
  let done = 0;
  let nextEpoch = epochOps;
  while (done < ops) {
    if (epochOps > 0 && done >= nextEpoch) {
      start();
      nextEpoch += epochOps;
    }
    const batchEnd = Math.min(ops, done + 1000);
    const mark = rt.openScope();
    for (; done < batchEnd; ) {
      const i = Math.floor(random() * slots);
      const r = random();
      let v: Handle;
      if (r < 0.2) {
        v = rt.newTuple([rt.newInt(done), rt.newStr("soak")]);
        done += 3;
      } else if (r < 0.35) {
        v = rt.newList();
        // Leaves only: items taken from the ring would chain old generations of it and grow the live set.
        for (let k = 0; k < 4; k++) rt.append(v, k === 0 ? rt.newStr("item") : rt.newInt(k));
        done += 5;
      } else if (r < 0.5) {
        v = rt.newDict();
        rt.dictSet(v, rt.newStr("a"), rt.newFloat(r));
        rt.dictSet(v, rt.newInt(done & 1023), rt.newBytes(16));
        done += 7;
      } else if (r < 0.62) {
        v = rt.newObject(Obj);
        rt.setAttr(v, "x", rt.newInt(done));
        done += 3;
      } else if (r < 0.74) {
        v = rt.newObject(Node, [0, rt.newStr(`n${done & 255}`)]);
        if (cycles) rt.setSlot(v, 0, v); // a self-cycle only a cycle collector reclaims
        done += 3;
      } else if (r < 0.84) {
        const target = rt.getItem(ring, (i + 7) % slots);
        const t = rt.typeName(target);
        v = t === "Node" || t === "Obj" ? rt.newWeakref(target) : rt.newBytes(64 + (done & 511));
        done += 2;
      } else if (r < 0.94) {
        rt.dictSet(shared, rt.newInt(done & keyMask), rt.newStr("v"));
        if ((done & 7) === 0) {
          const k = rt.newInt((done >>> 3) & keyMask);
          if (rt.contains(shared, k)) rt.dictDelete(shared, k);
        }
        v = rt.newStr("shared");
        done += 5;
      } else {
        v = rt.newBytes(4096);
        done += 1;
      }
      rt.setItem(ring, i, v);
      done += 1;
      if ((done & 255) < 6) {
        rt.closeScope(mark);
      }
    }
    rt.closeScope(mark);
    if (out.length < Math.floor(done / every) && out.length < samples) {
      rt.collect();
      rt.runPendingFinalizers();
      gc();
      const s = rt.stats();
      out.push({
        ops: done,
        heldBytes: s.heldBytes,
        usedBytes: s.usedBytes,
        jsHeapBytes: process.memoryUsage().heapUsed,
      });
    }
  }
  rt.verify();
  const seconds = (performance.now() - t0) / 1000;
  const measured = out.slice(Math.floor(out.length / 4));
  const x = measured.map((s) => s.ops);
  const span = x[x.length - 1]! - x[0]!;
  const growth = (key: keyof SoakSample) => {
    const y = measured.map((s) => s[key]);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    return (slope(x, y) * span) / mean;
  };
  return {
    strategy,
    ops: done,
    seconds,
    samples: out,
    heldGrowth: epochOps > 0 ? 0 : growth("heldBytes"),
    usedGrowth: epochOps > 0 ? 0 : growth("usedBytes"),
    jsGrowthBytes:
      slope(
        x,
        measured.map((s) => s.jsHeapBytes),
      ) * span,
  };
}
