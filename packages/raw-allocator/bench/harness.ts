/**
 * Measurement helpers: workloads are precomputed arrays (no RNG in the timed loop), each allocator gets
 * its own freshly compiled copy of the loop (so one allocator's call-site feedback does not slow
 * another's), and every result is the best of a few rounds.
 */
import type { BenchAllocator } from "./peers";

/** A deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` sizes drawn uniformly from [min, max]. */
export function uniformSizes(count: number, min: number, max: number, seed: number): Uint32Array {
  const r = rng(seed);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = min + Math.floor(r() * (max - min + 1));
  return out;
}

/** `count` sizes drawn log-uniformly from [min, max] (many small, some large: a realistic churn). */
export function logSizes(count: number, min: number, max: number, seed: number): Uint32Array {
  const r = rng(seed);
  const out = new Uint32Array(count);
  const lo = Math.log(min);
  const hi = Math.log(max);
  for (let i = 0; i < count; i++) out[i] = Math.round(Math.exp(lo + r() * (hi - lo)));
  return out;
}

const RING_SOURCE = `
  const ring = new Float64Array(ringSize);
  for (let i = 0; i < sizes.length; i++) {
    const slot = slots[i];
    const old = ring[slot];
    if (old !== 0) a.free(old);
    ring[slot] = a.malloc(sizes[i]);
  }
  for (let s = 0; s < ringSize; s++) if (ring[s] !== 0) a.free(ring[s]);
`;

/**
 * Alloc/free pairs over a ring of live blocks: step i frees the block in `slots[i]` and allocates
 * `sizes[i]` bytes there. Returns pairs per second.
 */
export function ringPairsPerSecond(
  a: BenchAllocator,
  sizes: Uint32Array,
  slots: Uint32Array,
  ringSize: number,
): number {
  const loop = new Function("a", "sizes", "slots", "ringSize", RING_SOURCE) as (
    a: BenchAllocator,
    sizes: Uint32Array,
    slots: Uint32Array,
    ringSize: number,
  ) => void;
  const t0 = performance.now();
  loop(a, sizes, slots, ringSize);
  const ms = performance.now() - t0;
  return sizes.length / (ms / 1000);
}

/** Ring slots: sequential (FIFO lifetimes) or random. */
export function ringSlots(count: number, ringSize: number, random: boolean, seed: number): Uint32Array {
  const r = rng(seed);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = random ? Math.floor(r() * ringSize) : i % ringSize;
  return out;
}

const SCENARIO_SOURCE = `
  const ps = new Float64Array(n);
  for (let i = 0; i < n; i++) ps[i] = a.malloc(16);
  for (let i = 0; i < n; i++) a.free(ps[i]);
`;

/** The seed scenario: `n` blocks of 16 bytes allocated, then all freed. Returns seconds. */
export function scenarioSeconds(a: BenchAllocator, n: number): number {
  const loop = new Function("a", "n", SCENARIO_SOURCE) as (a: BenchAllocator, n: number) => void;
  const t0 = performance.now();
  loop(a, n);
  return (performance.now() - t0) / 1000;
}

/** A contender: a name, a factory of fresh allocators, and how many rounds it gets (slow peers fewer). */
export interface Contender {
  readonly name: string;
  readonly make: () => Promise<BenchAllocator> | BenchAllocator;
  readonly rounds: number;
}

/**
 * Runs `f` on a fresh allocator of every contender, round after round, interleaved (so that load from
 * other processes on a shared machine hits all of them alike), and returns each one's best result.
 */
export async function interleaved(
  contenders: readonly Contender[],
  f: (a: BenchAllocator) => number,
): Promise<number[]> {
  const bestOf = contenders.map(() => 0);
  const rounds = Math.max(...contenders.map((c) => c.rounds));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[i]!;
      if (r >= c.rounds) continue;
      bestOf[i] = Math.max(bestOf[i]!, f(await c.make()));
    }
  }
  return bestOf;
}

/** Formats a number of operations per second. */
export function opsText(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : `${(x / 1e3).toFixed(1)} k/s`;
}

/** Prints one comparison: our figure, each peer's, and the ratio ours/peer (> 1 means faster). */
export function report(
  title: string,
  ours: number,
  peers: readonly [string, number][],
  unit = opsText,
): void {
  const cells = peers.map(([name, v]) => `${name} ${unit(v)} (ratio ${(ours / v).toFixed(2)}x)`);
  console.log(`${title.padEnd(42)} heaplab ${unit(ours)} | ${cells.join(" | ")}`);
}
