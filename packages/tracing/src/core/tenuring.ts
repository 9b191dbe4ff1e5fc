import { ageOf, MAX_AGE, setAge } from "../header";
import type { BumpSpace } from "../spaces/bump-space";
import { AgeTable } from "./age-table";

/**
 * The tenuring policy of a copying young generation with survivor spaces (HotSpot's DefNew
 * `copy_to_survivor_space`): an object is copied to the survivor space while its age (young collections
 * survived, in the header) is below the threshold and the space has room, else promoted; a promotion
 * the old generation refuses is a promotion failure. Each copy into the survivor space is one collection
 * older and counted in the age table, from which `adapt` computes the next threshold
 * (`compute_tenuring_threshold`).
 *
 * @example
 * const tenuring = new Tenuring(15, 50);
 * tenuring.begin();
 * const block = tenuring.destination(u32, obj, size, to, (n) => allocOld(n)); // a copier's destination
 * tenuring.survived(u32, copy, size); // for each copy that landed in `to`
 * tenuring.adapt(survivorCapacity); // the threshold the next collection uses
 */
export class Tenuring {
  private readonly ages = new AgeTable();
  /** The age at which the running (or next) young collection promotes. */
  threshold: number;
  /** Bytes the running young collection promoted, and whether the old generation refused one. */
  promotedBytes = 0;
  promotionFailed = false;

  constructor(
    readonly maxThreshold: number,
    /** `TargetSurvivorRatio`: the percentage of a survivor space the survivors should fill at most. */
    readonly targetSurvivorRatio: number,
  ) {
    this.threshold = maxThreshold;
  }

  /** A young collection starts: the age table and the promotion counts cover its survivors only. */
  begin(): void {
    this.ages.clear();
    this.promotedBytes = 0;
    this.promotionFailed = false;
  }

  /**
   * Where the copy of young `obj` (`size` bytes) goes: a block of `survivor` while it is young enough
   * and fits, else the block `promote` gives in the old generation; 0 when that refuses too (the
   * promotion failed: the object stays where it is).
   */
  destination(
    u32: Uint32Array,
    obj: number,
    size: number,
    survivor: BumpSpace,
    promote: (size: number) => number,
  ): number {
    if (ageOf(u32, obj) < this.threshold) {
      const b = survivor.alloc(size);
      if (b !== 0) return b;
    }
    const b = promote(size);
    if (b === 0) this.promotionFailed = true;
    else this.promotedBytes += size;
    return b;
  }

  /** The copy at `copy` (`size` bytes) stayed young: it is one collection older, counted at its new age. */
  survived(u32: Uint32Array, copy: number, size: number): void {
    const age = Math.min(MAX_AGE, ageOf(u32, copy) + 1);
    setAge(u32, copy, age);
    this.ages.add(age, size);
  }

  /**
   * After a young collection: the threshold the next one uses, from the survivors of this one and a
   * survivor space of `survivorCapacity` bytes. Returns the desired survivor size (HotSpot logs it).
   */
  adapt(survivorCapacity: number): number {
    this.threshold = this.ages.tenuringThreshold(
      survivorCapacity,
      this.targetSurvivorRatio,
      this.maxThreshold,
    );
    return this.ages.desiredSurvivorSize(survivorCapacity, this.targetSurvivorRatio);
  }
}
