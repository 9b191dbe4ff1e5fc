import type { Constraints, Runtime } from "@heaplab/runtime";
import { HeapGraph } from "../core/heap-graph";

/**
 * One type among the objects a strategy holds that nothing reaches.
 * @example
 * for (const row of heldUnreachable(rt).types) console.log(row.type, row.count, row.size);
 */
export interface HeldTypeRow {
  readonly type: string;
  readonly count: number;
  readonly size: number;
}

/**
 * Objects the strategy still holds after a full collection although no root reaches them: what the
 * strategy leaks. Reference counting alone keeps every reference cycle; `none` keeps everything; a
 * collector that traces from the roots keeps nothing once it has collected (or only what it keeps on
 * purpose, such as `gc.garbage`).
 * @example
 * const held = heldUnreachable(rt); // under refcount: the cycles counting cannot free
 * console.log(formatHeldUnreachable(held));
 */
export interface HeldUnreachable {
  /** The strategy's name. */
  readonly strategy: string;
  readonly count: number;
  /** Their `sys.getsizeof` bytes. */
  readonly bytes: number;
  /** By type, most bytes first. */
  readonly types: readonly HeldTypeRow[];
  /** Why the strategy keeps them, from its constraints, in one clause. */
  readonly why: string;
}

/**
 * Why a strategy with these constraints still holds unreachable objects after a full collection.
 * Reasoned from `Constraints`, never a strategy's name: under reference counting an unreachable object
 * still has a count above zero, so something unreachable refers to it, and following referrers through a
 * finite set of objects must come back to one: each is in a reference cycle or held by one.
 */
function whyHeld(c: Constraints): string {
  if (!c.referenceCounting && !c.reclaimsCycles) return "the strategy never frees anything";
  if (c.referenceCounting && !c.reclaimsCycles)
    return "they are in reference cycles (or held by one), which reference counting alone never frees";
  return "the last full collection did not free them";
}

/**
 * Collects fully until no finalizer is left to run: a tracing collector frees an object with `__del__`
 * only at the collection after its finalizer ran, so what remains is what the strategy never frees.
 */
function settle(rt: Runtime): void {
  rt.collect();
  for (let round = 0; round < 3 && rt.runPendingFinalizers() > 0; round++) rt.collect();
}

/**
 * Collects (running finalizers, see `settle`), then walks every object the strategy holds
 * (`Strategy.forEachObject`) and keeps those no root reaches, leaving out the runtime's own objects
 * (`preexisting`: small ints, the empty tuple), which no handle reaches either.
 *
 * @example
 * const run = tracedRun(getWorkload("list-cycle"), () => createRefcountStrategy());
 * heldUnreachable(run.rt, run.preexisting).count; // 4000: every list of the 2,000 dropped pairs
 */
export function heldUnreachable(
  rt: Runtime,
  preexisting: (addr: number) => boolean = () => false,
): HeldUnreachable {
  settle(rt);
  const g = HeapGraph.build(rt, { includeUnreachable: true });
  const byType = new Map<number, { count: number; size: number }>();
  let bytes = 0;
  let count = 0;
  for (let n = g.reachableCount; n < g.count; n++) {
    if (preexisting(g.addrs[n]!)) continue;
    count++;
    const row = byType.get(g.typeIds[n]!) ?? { count: 0, size: 0 };
    row.count++;
    row.size += g.sizes[n]!;
    bytes += g.sizes[n]!;
    byType.set(g.typeIds[n]!, row);
  }
  const types = [...byType]
    .map(([id, r]) => ({ type: rt.types.get(id).name, count: r.count, size: r.size }))
    .sort((a, b) => b.size - a.size || b.count - a.count || (a.type < b.type ? -1 : 1));
  return {
    strategy: rt.strategy.name,
    count,
    bytes,
    types,
    why: whyHeld(rt.strategy.constraints),
  };
}

/** `1 object`, `4,000 objects`. */
function objects(n: number): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? "object" : "objects"}`;
}

/**
 * The finding as text, or "" when the strategy holds nothing unreachable.
 *
 * @example
 * formatHeldUnreachable(heldUnreachable(rt));
 * // "refcount leaked 4,000 objects (224,000 B) the program no longer reaches: they are in reference cycles …
 * //    list: 4,000 (224,000 B)"
 */
export function formatHeldUnreachable(h: HeldUnreachable, limit = 5): string {
  if (h.count === 0) return "";
  return [
    `${h.strategy} leaked ${objects(h.count)} (${h.bytes.toLocaleString("en-US")} B) the program no longer reaches: ${h.why}`,
    ...h.types
      .slice(0, limit)
      .map((t) => `  ${t.type}: ${t.count.toLocaleString("en-US")} (${t.size.toLocaleString("en-US")} B)`),
  ].join("\n");
}
