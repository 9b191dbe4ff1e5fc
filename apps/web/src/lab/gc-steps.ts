import type { CollectionSnapshot } from "../record/collection-snapshot";

/** CPython 3.11's `gc_collect_main` on a captured snapshot, step by step, as numbers per object. */
export interface GcSteps {
  /** After `update_refs`: each object's `gc_refs` = its reference count. */
  afterUpdate: Int32Array;
  /** After `subtract_refs`: minus one for every reference from another examined object. */
  afterSubtract: Int32Array;
  /** After `move_unreachable`: 1 reachable (from outside, or from a reachable object), 0 unreachable. */
  reachable: Uint8Array;
  /** Objects with `gc_refs > 0` after `subtract_refs`: referenced from outside the examined set. */
  fromOutside: Uint8Array;
  unreachable: number;
}

/**
 * Replays the arithmetic of `gc_collect_main` on one snapshot:
 *
 * - `update_refs`: `gc_refs = ob_refcnt` for every object in the collected generations;
 * - `subtract_refs`: for every reference between two of them, `gc_refs` of the target goes down by
 *   one, so what is left counts the references from outside (older generations, the program's
 *   variables);
 * - `move_unreachable`: an object with `gc_refs > 0` is reachable, and so is everything it refers to,
 *   transitively (CPython moves objects tentatively to the unreachable list and back as it walks; the
 *   sets it ends with are these). What is left is unreachable: cycles nothing outside refers to.
 *
 * The lab shows these numbers on the graph and puts the count beside what the real collector reported.
 *
 * @example
 * const s = gcSteps(snapshot);
 * s.unreachable; // e.g. 2 for one two-object cycle
 */
export function gcSteps(snap: CollectionSnapshot): GcSteps {
  const n = snap.refcounts.length;
  const afterUpdate = Int32Array.from(snap.refcounts);
  const afterSubtract = afterUpdate.slice();
  for (let k = 1; k < snap.edges.length; k += 2) afterSubtract[snap.edges[k]!]!--;
  const fromOutside = new Uint8Array(n);
  const reachable = new Uint8Array(n);
  const out: number[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < snap.edges.length; k += 2) out[snap.edges[k]!]!.push(snap.edges[k + 1]!);
  const stack: number[] = [];
  for (let i = 0; i < n; i++)
    if (afterSubtract[i]! > 0) {
      fromOutside[i] = 1;
      reachable[i] = 1;
      stack.push(i);
    }
  while (stack.length > 0) {
    const i = stack.pop()!;
    for (const j of out[i]!)
      if (reachable[j] === 0) {
        reachable[j] = 1;
        stack.push(j);
      }
  }
  let unreachable = 0;
  for (let i = 0; i < n; i++) if (reachable[i] === 0) unreachable++;
  return { afterUpdate, afterSubtract, reachable, fromOutside, unreachable };
}
