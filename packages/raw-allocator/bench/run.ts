/**
 * `pnpm bench` for @heaplab/raw-allocator: the large path (1 KiB – 1 MiB) and a random-size churn,
 * heaplab's TLSF (`RawAllocator`) against AssemblyScript's compiled TLSF and `@thi.ng/malloc`, in one
 * run, printed as ratios (heaplab ÷ peer; above 1 means heaplab is faster). The last line compares the
 * large path with issue 14's goal: at least AssemblyScript's throughput, and by how much it misses.
 */
import { LinearMemory, OsMemory } from "@heaplab/runtime";
import { RawAllocator } from "../src";
import { interleaved, logSizes, report, ringPairsPerSecond, ringSlots, uniformSizes } from "./harness";
import { assemblyScriptTlsf, type BenchAllocator, thingMalloc } from "./peers";

const HEAP = 512 << 20;

function heaplab(): BenchAllocator {
  const os = new OsMemory(new LinearMemory({ limitBytes: HEAP, initialBytes: 64 << 20 }), {
    limitBytes: HEAP,
  });
  const raw = new RawAllocator(os, { debugHooks: false });
  return { name: "heaplab", malloc: (n) => raw.malloc(n), free: (p) => raw.free(p) };
}

/** Issue 14's goal: the large path at least this fraction of AssemblyScript TLSF's throughput. */
const GOAL_VS_ASSEMBLYSCRIPT = 1.0;

/** Runs one comparison; returns heaplab's throughput over AssemblyScript's. */
async function compare(
  title: string,
  sizes: Uint32Array,
  slots: Uint32Array,
  ring: number,
  thingBytes: number,
): Promise<number> {
  const [ours, as, thing] = (await interleaved(
    [
      { name: "heaplab", make: heaplab, rounds: 5 },
      { name: "AssemblyScript TLSF", make: assemblyScriptTlsf, rounds: 5 },
      { name: "@thi.ng/malloc", make: () => thingMalloc(thingBytes), rounds: 2 },
    ],
    (a) => ringPairsPerSecond(a, sizes, slots, ring),
  )) as [number, number, number];
  report(title, ours, [
    ["AssemblyScript TLSF", as],
    ["@thi.ng/malloc", thing],
  ]);
  return ours / as;
}

console.log("@heaplab/raw-allocator — alloc/free pairs per second (best of rounds; ratio = heaplab / peer)");
const LARGE = 1_000_000;
const large = await compare(
  "large 1 KiB–1 MiB, ring of 64 (FIFO)",
  uniformSizes(LARGE, 1024, 1 << 20, 1),
  ringSlots(LARGE, 64, false, 2),
  64,
  256 << 20,
);
const CHURN = 1_000_000;
await compare(
  "churn 8 B–64 KiB log-uniform, ring of 4096 (random)",
  logSizes(CHURN, 8, 65_536, 3),
  ringSlots(CHURN, 4096, true, 4),
  4096,
  256 << 20,
);
console.log(
  `goal: large path at least ${GOAL_VS_ASSEMBLYSCRIPT.toFixed(1)}x AssemblyScript TLSF: ${large.toFixed(2)}x, ${
    large >= GOAL_VS_ASSEMBLYSCRIPT
      ? "met"
      : `unmet by ${((1 - large / GOAL_VS_ASSEMBLYSCRIPT) * 100).toFixed(0)}%`
  } (best of rounds, interleaved)`,
);
