import { execFileSync } from "node:child_process";
import { type Op, parseTrace, replayTrace } from "@heaplab/trace";
import { describe, expect, it } from "vitest";
import { smallStrategies } from "./helpers";

const GEN_TRACE = "/work/shared/trace/gen_trace.py";
const SEEDS = [1, 2, 3];

/**
 * A random trace from the referee's generator (`--mix finalizers`: fins, resurrection, weak references
 * with callbacks), ended so every fin is unreachable and a full collection runs: an allocation (a
 * safepoint: the finalizers queued earlier run, maybe resurrecting), every register dropped, a full
 * collection, with `safepoint` another allocation, and a final `log`.
 */
function finalizerTrace(seed: number, safepoint: boolean) {
  const json = JSON.parse(
    execFileSync("python3", [GEN_TRACE, "--seed", String(seed), "--ops", "100", "--mix", "finalizers"], {
      encoding: "utf8",
    }),
  ) as { registers: number; ops: unknown[] };
  const ending: unknown[] = [["int", 0, 1]];
  for (let r = 0; r < json.registers; r++) ending.push(["del", r]);
  ending.push(["collect", 2], ...(safepoint ? [["int", 0, 2]] : []), ["log"]);
  json.ops.push(...ending);
  return parseTrace(json);
}

/** The tags of every fin the trace creates: the oracle needs no strategy. */
function finTags(ops: readonly Op[]): string[] {
  return ops.filter((o) => o[0] === "fin").map((o) => o[2] as string);
}

describe.each(Object.keys(smallStrategies))("%s: finalizers over random traces", (name) => {
  // Without the allocation after the collection: issue 16, the finalizers waited for the next allocation,
  // so a trace ending `collect 2; log` missed them; gc.collect() now returns after they ran.
  it.each([
    ["an allocation after the collection", true],
    ["`collect 2; log`", false],
  ])(
    "runs every finalizer exactly once by the end of a trace ending in a full collection (%s), and no weak reference outlives its referent's memory",
    (_ending, safepoint) => {
      for (const seed of SEEDS) {
        const trace = finalizerTrace(seed, safepoint);
        const tags = finTags(trace.ops);
        expect(tags.length).toBeGreaterThan(0);
        const result = replayTrace(trace, {
          createStrategy: smallStrategies[name]!,
          heapLimit: 32 << 20,
          // The whole-heap verifier after every op: every weak reference points at a live object or is cleared.
          afterOp: (rt) => rt.verify(),
        });
        const logs = result.observations
          .filter(([i]) => trace.ops[i]![0] === "log")
          .flatMap(([, v]) => v as string[]);
        const dels = logs.filter((l) => l.startsWith("del:")).map((l) => l.slice(4));
        expect({ seed, ran: [...dels].sort() }).toEqual({ seed, ran: [...tags].sort() });
      }
    },
  );
});
