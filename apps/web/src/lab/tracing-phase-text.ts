import type { TracingSnapshot } from "../record/tracing-snapshot";
import { plural } from "../ui/dom";
import type { TracingPhase, TracingSteps } from "./tracing-steps";

/** A block address as the timeline writes it, short enough for a box. */
export const shortHex = (a: number): string => `0x${a.toString(16)}`;

/**
 * Each tracing phase's name and what it teaches, worded from the collection's own numbers.
 *
 * @example
 * PHASE_TEXT.mark.text(snapshot, tracingSteps(snapshot), "mark-compact");
 */
export const PHASE_TEXT: Record<
  TracingPhase,
  { name: string; text: (s: TracingSnapshot, st: TracingSteps, strategy: string) => string }
> = {
  heap: {
    name: "the heap when the collection starts",
    text: (s, st, strategy) => {
      const condemned = st.condemned.reduce((a, b) => a + b, 0);
      const older = s.addrs.length - condemned;
      return `A collection of generation ${s.generation} under ${strategy}: ${plural(s.addrs.length, "object")} in the heap${older > 0 ? `, ${condemned} of them in the generations it collects; the ${older} older ones (faded) are not traced: their references into the young generation count as roots, found through the card table` : ""}. Objects a handle holds (the program's variables and globals) are outlined: the roots, where tracing starts. No object carries a count: what is reachable lives, the rest is garbage.`;
    },
  },
  mark: {
    name: "marking from the roots",
    text: (_s, st) =>
      `The marker pushes each root on its mark stack and pops one object at a time, setting the mark bit in its header and pushing every unmarked object it refers to: depth first. Each box shows when it was marked (#1 first); drag the slider to watch the marks spread. ${plural(st.counts.reached, "object")} reached. A cycle nothing reaches is never visited: no counting, so cycles cost nothing special.`,
  },
  copy: {
    name: "copying with forwarding addresses",
    text: (_s, st) =>
      `A copying collector moves each object the first time it reaches it, to the next free address of the to-space (or of the old generation), and writes that forwarding address into the old copy, so every later reference to it is redirected. The copies are then scanned in the order they were made, breadth first (Cheney's scan pointer). ${plural(st.counts.copied, "object")} copied; each box shows its order and its forwarding address (block addresses, as in the timeline).`,
  },
  compact: {
    name: "sliding compaction",
    text: (_s, st) =>
      `Lisp-2 compaction: walk the heap in address order giving each marked object the next free address, rewrite every reference to the new addresses, then slide the objects down. ${plural(st.counts.slid, "object")} moved (old address → new address below); the order in memory is kept and the free space ends in one piece after the last survivor.`,
  },
  reclaim: {
    name: "reclaiming the unreached",
    text: (s, st) =>
      `${plural(st.counts.dead, "object")} ${st.counts.dead === 1 ? "was" : "were"} not reached (dashed). ${st.counts.copied > 0 ? "A copying collector never visits them: the space they sit in is emptied whole." : st.counts.slid > 0 ? "Compaction slid the survivors over their blocks." : "Their blocks are freed (a lazy sweep frees them when allocation next needs room)."} The collector reported ${s.collected < 0 ? "—" : s.collected} found dead.`,
  },
  promote: {
    name: "promotion",
    text: (_s, st) =>
      `${plural(st.counts.promoted, "survivor")} moved up a generation${st.counts.aged > 0 ? ` and ${plural(st.counts.aged, "survivor")} got one collection older (the age in its header)` : ""}. Objects that survive young collections are assumed long-lived and are promoted to an older generation, which young collections do not trace: most objects die young, so the next young collection has little to copy.`,
  },
};
