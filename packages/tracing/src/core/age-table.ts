import { MAX_AGE } from "../header";

/**
 * HotSpot's age table: bytes that survived a scavenge at each age, and the adaptive tenuring threshold
 * computed from it (ageTable.cpp `compute_tenuring_threshold`): the first age at which the survivors of
 * that age and younger exceed `TargetSurvivorRatio` percent of a survivor space.
 *
 * @example
 * ages.clear(); ages.add(1, 4096);
 * const t = ages.tenuringThreshold(1 << 20, 50, 15);
 */
export class AgeTable {
  readonly sizes = new Float64Array(MAX_AGE + 1);

  clear(): void {
    this.sizes.fill(0);
  }

  add(age: number, bytes: number): void {
    this.sizes[age]! += bytes;
  }

  /** The new threshold: 1..maxThreshold. */
  tenuringThreshold(survivorCapacity: number, targetSurvivorRatio: number, maxThreshold: number): number {
    const desired = (survivorCapacity * targetSurvivorRatio) / 100;
    let total = 0;
    let age = 1;
    while (age <= MAX_AGE) {
      total += this.sizes[age]!;
      if (total > desired) break;
      age++;
    }
    return Math.min(age, maxThreshold);
  }

  /** `desired survivor size` as HotSpot logs it. */
  desiredSurvivorSize(survivorCapacity: number, targetSurvivorRatio: number): number {
    return Math.floor((survivorCapacity * targetSurvivorRatio) / 100);
  }
}
