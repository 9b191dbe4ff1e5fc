import { describe, expect, it } from "vitest";
import { scaleHeap } from "./scale-heap";

/**
 * Bugs the reliability runs found: each a reproduction. An unfixed one is skipped so the suite stays
 * green (remove `.skip` with the fix); a fixed one stays here as a regular regression test.
 */
describe("known bugs", () => {
  // Found by the scale run (`SCALE_MIB=64 ... apps/cli/stress/one.ts jvm-serial`): a young collection
  // while the heap grew past ~24 MiB of live tuples and bytes read a corrupted type word
  // (HeapCorruptionError "type word holds unknown type id 32" in CheneyCopier.drain, from
  // JvmSerialPlan.collectYoung). Cause: promotion expanded tenured past the end of linear memory, which
  // replaced the memory's typed-array views, and the copier kept storing through the old, detached ones.
  // Fixed in packages/tracing/src/core/cheney.ts; the shrunk program is a unit test in
  // packages/tracing/test/jvm-serial.test.ts.
  it("jvm-serial keeps a 64 MiB live heap intact through young collections", () => {
    const r = scaleHeap("jvm-serial", 64);
    expect(r.liveMiB).toBeGreaterThanOrEqual(64);
  });
});
