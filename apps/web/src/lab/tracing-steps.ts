import type { TracingSnapshot } from "../record/tracing-snapshot";

/** A phase of a tracing collection the lab can show, in the order collectors run them. */
export type TracingPhase = "heap" | "mark" | "copy" | "compact" | "reclaim" | "promote";

/** A tracing collection's steps as numbers per object, read from a `TracingSnapshot`. */
export interface TracingSteps {
  /** The phases this collection had, in order ("copy" for a copying collector, "mark" + "compact" for a sliding one). */
  phases: TracingPhase[];
  /** 1 when the collection could find the object dead (its generation ≤ the collection's). */
  condemned: Uint8Array;
  /** Position of the object in the trace order (0 = first reached), -1 when not reached. */
  reachedAt: Int32Array;
  /** 1 when the object's block moved (copied, or slid), its forwarding address in `newAddrs`. */
  moved: Uint8Array;
  /** 1 when the object is dead: freed by the collection, or condemned and not reached (a lazy sweep frees it later). */
  dead: Uint8Array;
  /** 1 when a survivor's generation went up (promotion), 2 when only its age changed. */
  promoted: Uint8Array;
  counts: { reached: number; copied: number; slid: number; dead: number; promoted: number; aged: number };
}

/**
 * Which phases a recorded tracing collection went through, and each object's part in them:
 *
 * - marking (`reach` events in order: the mark stack's depth-first order from the roots) or copying
 *   (moves that were an object's first reach: Cheney's breadth-first order, each copy leaving its
 *   forwarding address);
 * - sliding compaction (moves of objects already marked: Lisp-2 slides survivors down, old → new);
 * - reclaiming (the collector's `free` events; a lazy sweep's dead are the condemned not reached);
 * - promotion (a survivor's generation or age at `gc-end` differs from `gc-start`).
 *
 * Invariant (tested against the strategies): the survivors are the objects alive after the collection,
 * each at its forwarding address.
 *
 * @example
 * const st = tracingSteps(snapshot);
 * st.phases; // ["heap", "copy", "reclaim", "promote"] for a jvm-serial scavenge
 */
export function tracingSteps(s: TracingSnapshot): TracingSteps {
  const n = s.addrs.length;
  const condemned = new Uint8Array(n);
  const reachedAt = new Int32Array(n).fill(-1);
  const moved = new Uint8Array(n);
  const dead = new Uint8Array(n);
  const promoted = new Uint8Array(n);
  const counts = { reached: s.reachOrder.length, copied: 0, slid: 0, dead: 0, promoted: 0, aged: 0 };
  s.reachOrder.forEach((i, k) => {
    reachedAt[i] = k;
  });
  for (let i = 0; i < n; i++) {
    condemned[i] = s.genBefore[i]! <= s.generation ? 1 : 0;
    if (s.newAddrs[i] !== s.addrs[i]) {
      moved[i] = 1;
      if (s.copied[i]) counts.copied++;
      else counts.slid++;
    }
  }
  // Only a marking collection decides death by its marks alone (a lazy sweep frees later); a copying
  // one also marks large objects in place without a reach event, so there only its frees count.
  const byMarks = counts.copied === 0 && s.reachOrder.length > 0;
  for (let i = 0; i < n; i++) {
    if (s.freed[i] || (byMarks && condemned[i] && reachedAt[i]! < 0)) {
      dead[i] = 1;
      counts.dead++;
    } else if (s.genAfter[i]! > s.genBefore[i]!) {
      promoted[i] = 1;
      counts.promoted++;
    } else if (s.ageAfter[i] !== s.ageBefore[i]) {
      promoted[i] = 2;
      counts.aged++;
    }
  }
  const phases: TracingPhase[] = ["heap"];
  const marked = s.reachOrder.length - counts.copied;
  if (counts.copied > 0 && counts.copied >= marked) phases.push("copy");
  else if (s.reachOrder.length > 0) phases.push("mark");
  if (counts.slid > 0) phases.push("compact");
  phases.push("reclaim");
  if (counts.promoted + counts.aged > 0) phases.push("promote");
  return { phases, condemned, reachedAt, moved, dead, promoted, counts };
}
