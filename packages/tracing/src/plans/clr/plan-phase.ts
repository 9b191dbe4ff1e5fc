import { measureSpace } from "../../core/region-sweep";
import { FREE, MARK, PINNED, statusOf } from "../../header";
import type { BumpSpace } from "../../spaces/bump-space";
import { LOH_BUDGET } from "./budget";
import type { StaticData } from "./constraints";

/** What the plan phase measured in the condemned generations (indexed gen0, gen1, gen2, LOH). */
export interface Condemned {
  /** Bytes in each condemned generation when the collection began. */
  sizeAtStart: number[];
  /** Bytes of marked objects in each. */
  survived: number[];
  /** Bytes sweeping would leave free between the survivors of the small object heap. */
  fragmentation: number;
  /** Marked objects carrying PINNED (the LOH's included). */
  pinned: number;
}

/**
 * The plan phase's measure (`plan_phase`): after marking, what survived in each condemned generation
 * (`gens[0..n]`, and the LOH in a gen2 collection) and how fragmented sweeping would leave the small
 * object heap. Before: marking and reference processing are complete; nothing has moved.
 *
 * @example
 * const measured = measureCondemned(gens, loh, 1, memory.u32);
 */
export function measureCondemned(
  gens: readonly BumpSpace[],
  loh: BumpSpace,
  n: number,
  u32: Uint32Array,
): Condemned {
  const c: Condemned = { sizeAtStart: [0, 0, 0, 0], survived: [0, 0, 0, 0], fragmentation: 0, pinned: 0 };
  for (let g = 0; g <= n + (n === 2 ? 1 : 0); g++) {
    const m = measureSpace(g <= 2 ? gens[g]! : loh, u32);
    c.sizeAtStart[g] = m.live + m.dead;
    c.survived[g] = m.live;
    c.pinned += m.pinned;
    if (g !== LOH_BUDGET) c.fragmentation += m.dead;
  }
  return c;
}

/**
 * The plan phase's choice (`decide_on_compacting`): compact when the fragmentation sweeping would leave
 * reaches both limits of the condemned generation's static data: so many bytes, and so large a fraction
 * of the condemned generations.
 *
 * @example
 * if (fragmentationWantsCompaction(budgets[n].sd, measured)) relocateAndCompact();
 */
export function fragmentationWantsCompaction(sd: StaticData, c: Condemned): boolean {
  const condemnedSize = c.sizeAtStart[0]! + c.sizeAtStart[1]! + c.sizeAtStart[2]!;
  return (
    c.fragmentation >= sd.fragmentationLimit &&
    condemnedSize > 0 &&
    c.fragmentation / condemnedSize >= sd.fragmentationBurdenLimit
  );
}

/** Calls `fn` for every marked pinned object of `spaces` (the plan phase's pinned plugs). */
export function forEachPinnedSurvivor(
  spaces: readonly BumpSpace[],
  u32: Uint32Array,
  fn: (obj: number) => void,
): void {
  for (const s of spaces)
    s.forEachBlock((o) => {
      if ((statusOf(u32, o) & (PINNED | MARK | FREE)) === (PINNED | MARK)) fn(o);
    }, u32);
}
