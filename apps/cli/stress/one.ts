/**
 * One strategy's long reliability runs (issue 8), in its own process so each starts with a fresh
 * address space: the 10M-operation soak and the 1 GiB scale heap. Prints one JSON line.
 * Usage: node --expose-gc --conditions=@heaplab/source --import tsx apps/cli/stress/one.ts <strategy>
 */
import { scaleHeap } from "../test/reliability/scale-heap";
import { soak } from "../test/reliability/soak-workload";

const strategy = process.argv[2] ?? "mark-sweep";
const ops = Number(process.env.SOAK_OPS ?? 10_000_000);
const liveMiB = Number(process.env.SCALE_MIB ?? 1024);
const s = soak(strategy, ops, 40);
const failures: string[] = [];
if (Math.abs(s.heldGrowth) > 0.1) failures.push(`heap held grew ${(s.heldGrowth * 100).toFixed(1)}%`);
if (Math.abs(s.usedGrowth) > 0.1) failures.push(`live bytes grew ${(s.usedGrowth * 100).toFixed(1)}%`);
if (s.jsGrowthBytes > 2 << 20) failures.push(`JS heap grew ${(s.jsGrowthBytes / 2 ** 20).toFixed(2)} MiB`);
const c = scaleHeap(strategy, liveMiB);
console.log(
  JSON.stringify({
    strategy,
    soak: {
      ops: s.ops,
      seconds: s.seconds,
      heldGrowth: s.heldGrowth,
      usedGrowth: s.usedGrowth,
      jsGrowthBytes: s.jsGrowthBytes,
      last: s.samples.at(-1),
    },
    scale: c,
    failures,
  }),
);
