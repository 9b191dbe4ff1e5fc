import type { StaticData } from "./constraints";

/**
 * The growth factor of `desired_new_allocation` for survival rate `cst` (survived / size at GC start):
 * `(limit - limit*cst) / (1 - cst*limit)` while `cst < (maxLimit - limit) / (limit * (maxLimit - 1))`,
 * else `maxLimit`. At `cst = 0` it is `limit`; it rises with survival up to `maxLimit`.
 *
 * @example
 * growthFactor(0, { limit: 9, maxLimit: 20 } as StaticData); // 9
 */
export function growthFactor(cst: number, sd: StaticData): number {
  const { limit, maxLimit } = sd;
  if (cst < (maxLimit - limit) / (limit * (maxLimit - 1))) return (limit - limit * cst) / (1 - cst * limit);
  return maxLimit;
}

/**
 * A generation's allocation budget (`dynamic_data`): `desired` bytes may be allocated into (for gen0) or
 * promoted into (gen1, gen2) or allocated in (LOH) the generation before it is due for collection;
 * `used` counts them since its last collection.
 *
 * @example
 * const b = new GenerationBudget(staticData(4 << 20, 64 << 20, 64 << 20)[0]!, false);
 * b.used += 5 << 20; b.exhausted(); // true
 * b.recompute(1 << 20, 64 << 10, 64 << 10); // survival 6%: budget = clamp(f * survivors)
 */
export class GenerationBudget {
  desired: number;
  used = 0;
  /** Survival rate of the last collection of this generation. */
  survivalRate = 0;

  constructor(
    readonly sd: StaticData,
    /** gen2 and the LOH size their budget from the generation's size, not its survivors. */
    private readonly sizeBased: boolean,
  ) {
    this.desired = sd.minSize;
  }

  exhausted(): boolean {
    return this.used >= this.desired;
  }

  /**
   * `desired_new_allocation` after a collection of this generation: `sizeAtStart` bytes were in it when
   * the collection began, `survived` of them survived; `currentSize` is its size afterwards (gen2/LOH).
   */
  recompute(sizeAtStart: number, survived: number, currentSize: number): number {
    const sd = this.sd;
    const cst = sizeAtStart > 0 ? Math.min(1, survived / sizeAtStart) : 0;
    this.survivalRate = cst;
    const f = growthFactor(cst, sd);
    if (this.sizeBased) {
      const target = Math.min(Math.max(f * currentSize, sd.minSize), sd.maxSize);
      this.desired = Math.max(sd.minSize, target - currentSize);
    } else this.desired = Math.min(Math.max(f * survived, sd.minSize), sd.maxSize);
    this.desired = Math.floor(this.desired);
    this.used = 0;
    return this.desired;
  }
}
