/**
 * `pnpm bench` for @heaplab/object-allocator: pymalloc's small-object path (16–512 bytes), a random-size
 * churn, and the seed's 160 MB scenario, against AssemblyScript's compiled TLSF and `@thi.ng/malloc`,
 * in one run, printed as ratios (heaplab ÷ peer; above 1 means heaplab is faster).
 *
 * The peers and the harness are the raw allocator's (`../../raw-allocator/bench`), shared so both
 * packages measure the same way.
 */
import { RawAllocator } from "@heaplab/raw-allocator";
import { LinearMemory, OsMemory } from "@heaplab/runtime";
import {
  interleaved,
  logSizes,
  opsText,
  report,
  ringPairsPerSecond,
  ringSlots,
  scenarioSeconds,
  uniformSizes,
} from "../../raw-allocator/bench/harness";
import { assemblyScriptTlsf, type BenchAllocator, thingMalloc } from "../../raw-allocator/bench/peers";
import { Pymalloc } from "../src";

function pymalloc(heapBytes: number, neverReleaseArenas = false): () => BenchAllocator {
  return () => {
    const os = new OsMemory(new LinearMemory({ limitBytes: heapBytes, initialBytes: 32 << 20 }), {
      limitBytes: heapBytes,
    });
    const obj = new Pymalloc(os, new RawAllocator(os, { debugHooks: false }), {
      neverReleaseArenas,
      debugHooks: false,
    });
    return { name: "heaplab pymalloc", malloc: (n) => obj.malloc(n), free: (p) => obj.free(p) };
  };
}

async function compareRing(
  title: string,
  sizes: Uint32Array,
  slots: Uint32Array,
  ring: number,
): Promise<void> {
  const [ours, as, thing] = (await interleaved(
    [
      { name: "heaplab", make: pymalloc(512 << 20), rounds: 5 },
      { name: "AssemblyScript TLSF", make: assemblyScriptTlsf, rounds: 5 },
      { name: "@thi.ng/malloc", make: () => thingMalloc(256 << 20), rounds: 2 },
    ],
    (a) => ringPairsPerSecond(a, sizes, slots, ring),
  )) as [number, number, number];
  report(title, ours, [
    ["AssemblyScript TLSF", as],
    ["@thi.ng/malloc", thing],
  ]);
}

console.log(
  "@heaplab/object-allocator — alloc/free pairs per second (best of rounds; ratio = heaplab / peer)",
);
const SMALL = 2_000_000;
await compareRing(
  "small 16–512 B, ring of 10,000 (random)",
  uniformSizes(SMALL, 16, 512, 11),
  ringSlots(SMALL, 10_000, true, 12),
  10_000,
);
await compareRing(
  "small 16–512 B, ring of 1,000 (FIFO)",
  uniformSizes(SMALL, 16, 512, 13),
  ringSlots(SMALL, 1000, false, 14),
  1000,
);
const CHURN = 1_000_000;
await compareRing(
  "churn 8 B–64 KiB log-uniform, ring of 4096",
  logSizes(CHURN, 8, 65_536, 3),
  ringSlots(CHURN, 4096, true, 4),
  4096,
);

// The seed's scenario: 10 × 1024 × 1024 blocks of 16 bytes allocated, then all freed. @thi.ng/malloc
// keeps its free list sorted by address, so its frees are O(n): it is measured on fewer blocks.
const N = 10 * 1024 * 1024;
const THING_N = 20_000;
const perSecond = (n: number) => (a: BenchAllocator) => (2 * n) / scenarioSeconds(a, n);
const [ours, as] = (await interleaved(
  [
    { name: "heaplab", make: pymalloc(1 << 30), rounds: 2 },
    { name: "AssemblyScript TLSF", make: assemblyScriptTlsf, rounds: 2 },
  ],
  perSecond(N),
)) as [number, number];
const [thing] = (await interleaved(
  [{ name: "@thi.ng/malloc", make: () => thingMalloc(64 << 20), rounds: 1 }],
  perSecond(THING_N),
)) as [number];
report("160 MB scenario (malloc + free per second)", ours, [
  ["AssemblyScript TLSF", as],
  [`@thi.ng/malloc (${THING_N.toLocaleString("en-US")} blocks)`, thing],
]);
/** Bytes held from the OS after the scenario, under each arena policy (no timing). */
function heldAfterScenario(neverReleaseArenas: boolean): number {
  const os = new OsMemory(new LinearMemory({ limitBytes: 1 << 30, initialBytes: 32 << 20 }), {
    limitBytes: 1 << 30,
  });
  const obj = new Pymalloc(os, new RawAllocator(os, { debugHooks: false }), {
    neverReleaseArenas,
    debugHooks: false,
  });
  scenarioSeconds({ name: "pymalloc", malloc: (n) => obj.malloc(n), free: (p) => obj.free(p) }, N);
  return os.heldBytes;
}
const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
console.log(
  `  held after freeing everything: ${mb(heldAfterScenario(true))} with neverReleaseArenas (Python ≤ 2.4), ${mb(heldAfterScenario(false))} in 3.11 (one empty arena kept); ops/s ${opsText(ours)}`,
);
