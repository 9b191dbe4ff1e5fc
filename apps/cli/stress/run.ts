/**
 * `pnpm test:stress`: issue 8's long reliability runs. For every strategy, in its own process: a soak
 * of 10M mixed operations (heap held, live bytes and the JS heap must stay flat: slope-predicted growth
 * within 10%, JS heap within 2 MiB) and a heap of 1 GiB of live objects timed through a full
 * collection. Then the mutator fuzzer with many more runs. Prints the tables; exits 1 on any failure.
 * Environment: SOAK_OPS, SCALE_MIB, FUZZ_RUNS, STRATEGIES (comma-separated) to change the sizes.
 */
import { spawnSync } from "node:child_process";
import { catalog } from "../src/catalog";

const strategies = process.env.STRATEGIES?.split(",") ?? catalog.names();
const node = [process.execPath, "--expose-gc", "--conditions=@heaplab/source", "--import", "tsx"];
let failed = false;
const soakRows: string[][] = [];
const scaleRows: string[][] = [];
for (const name of strategies) {
  const t0 = performance.now();
  const r = spawnSync(node[0]!, [...node.slice(1), "apps/cli/stress/one.ts", name], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  const line = r.stdout.trim().split("\n").at(-1) ?? "";
  if (r.status !== 0 || !line.startsWith("{")) {
    console.error(`${name}: FAILED (exit ${r.status})\n${r.stderr}`);
    failed = true;
    continue;
  }
  const j = JSON.parse(line);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  soakRows.push([
    name,
    `${(j.soak.ops / 1e6).toFixed(1)}M`,
    `${Math.round(j.soak.ops / j.soak.seconds / 1000)}k`,
    pct(j.soak.heldGrowth),
    pct(j.soak.usedGrowth),
    `${(j.soak.jsGrowthBytes / 2 ** 20).toFixed(2)} MiB`,
    j.failures.length === 0 ? "ok" : j.failures.join("; "),
  ]);
  scaleRows.push([
    name,
    `${(j.scale.liveMiB / 1024).toFixed(2)} GiB`,
    `${(j.scale.objects / 1e6).toFixed(1)}M`,
    `${j.scale.buildSeconds.toFixed(1)} s`,
    `${j.scale.collectMs.toFixed(0)} ms`,
    `${j.scale.msPerLiveMiB.toFixed(3)}`,
  ]);
  if (j.failures.length > 0) failed = true;
  console.error(`${name}: done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

function table(head: string[], rows: string[][]): void {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(w[i]!)).join("  ");
  console.log(fmt(head));
  console.log(w.map((n) => "-".repeat(n)).join("  "));
  for (const r of rows) console.log(fmt(r));
  console.log();
}
console.log(
  "\nSoak (growth = least-squares slope over the samples after warm-up × window, relative to the mean)",
);
table(["strategy", "ops", "ops/s", "held growth", "live growth", "JS heap growth", "result"], soakRows);
console.log("Scale (a full collection of the live heap; copying strategies get a heap limit of 2.3× live)");
table(["strategy", "live", "objects", "build", "full collection", "ms per live MiB"], scaleRows);

const fuzz = spawnSync("npx", ["vitest", "run", "--project", "cli", "test/reliability/mutator-fuzz"], {
  encoding: "utf8",
  env: { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? "1500" },
});
console.log(
  `Mutator fuzzing, ${process.env.FUZZ_RUNS ?? "1500"} programs per strategy: ${fuzz.status === 0 ? "passed" : "FAILED"}`,
);
if (fuzz.status !== 0) {
  console.log(fuzz.stdout.slice(-4000));
  failed = true;
}
process.exit(failed ? 1 : 0);
