import type { ClrConfig, StaticData } from "./constraints";
import { staticData } from "./constraints";

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

/**
 * The budgets of gen0, gen1, gen2 and the LOH, from `static_data_table` with the configured bounds.
 *
 * @example
 * const budgets = createBudgets(readClrConfig(settings));
 */
export function createBudgets(config: ClrConfig): GenerationBudget[] {
  const { gen0MinBudget, gen0MaxBudget, gen1MaxBudget } = config;
  return staticData(gen0MinBudget, gen0MaxBudget, gen1MaxBudget).map(
    (sd, i) => new GenerationBudget(sd, i >= 2),
  );
}

/** Index of the LOH's budget in the plan's budgets (gen0, gen1, gen2, LOH: GCHeapStats' gen3). */
export const LOH_BUDGET = 3;

/**
 * Which generation an allocation that spent gen0's (or, `large`, the LOH's) budget collects
 * (`generation_to_condemn`): gen0; gen1 if promotion exhausted gen1's budget; gen2 if gen1 goes and
 * gen2's budget is exhausted too, or if the allocation is large or the LOH's budget is exhausted.
 *
 * @example
 * collect(generationToCondemn(budgets, false), "allocation");
 */
export function generationToCondemn(budgets: readonly GenerationBudget[], large: boolean): number {
  let gen = 0;
  if (budgets[1]!.exhausted()) gen = 1;
  if (gen === 1 && budgets[2]!.exhausted()) gen = 2;
  if (large || budgets[LOH_BUDGET]!.exhausted()) gen = 2;
  return gen;
}

/**
 * After a collection of generation `n`: each condemned generation's new budget from its size at the
 * start and its survivors (gen2 and the LOH from their sizes now), then promotion spends the next
 * generation's: `promoted[g]` bytes left generation g.
 *
 * @example
 * recomputeBudgets(budgets, 0, measured, gen2Bytes, lohBytes, [promotedOutOfGen0, 0]);
 */
export function recomputeBudgets(
  budgets: readonly GenerationBudget[],
  n: number,
  measured: { sizeAtStart: readonly number[]; survived: readonly number[] },
  gen2Bytes: number,
  lohBytes: number,
  promoted: readonly number[],
): void {
  const { sizeAtStart, survived } = measured;
  for (let g = 0; g <= n; g++) budgets[g]!.recompute(sizeAtStart[g]!, survived[g]!, g === 2 ? gen2Bytes : 0);
  if (n === 2) budgets[LOH_BUDGET]!.recompute(sizeAtStart[LOH_BUDGET]!, survived[LOH_BUDGET]!, lohBytes);
  budgets[1]!.used += promoted[0]!;
  if (n >= 1) budgets[2]!.used += promoted[1]!;
}
