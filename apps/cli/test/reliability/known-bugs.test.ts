import { describe, it } from "vitest";
import { scaleHeap } from "./scale-heap";

/**
 * Bugs the reliability runs found and that are not fixed yet: each a reproduction, skipped so the
 * suite stays green; remove `.skip` with the fix.
 */
describe("known bugs", () => {
  // Found by the scale run (`SCALE_MIB=64 ... apps/cli/stress/one.ts jvm-serial`): a young collection
  // while the heap grows past ~24 MiB of live tuples and bytes reads a corrupted type word
  // (HeapCorruptionError "type word holds unknown type id 32" in CheneyCopier.drain, from
  // JvmSerialPlan.collectYoung). 24 MiB passes; 64 MiB fails.
  it.skip("jvm-serial keeps a 64 MiB live heap intact through young collections", () => {
    scaleHeap("jvm-serial", 64);
  });
});
