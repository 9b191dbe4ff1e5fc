import type { CollectionSnapshot } from "../record/collection-snapshot";
import { lastAtOrBefore, type Recording } from "../record/recording";
import type { TracingSnapshot } from "../record/tracing-snapshot";
import type { ObjectLife } from "./object-life";

/** One thing that happened to an object, at a row of the recording, in words. */
export interface LifeEvent {
  row: number;
  text: string;
}

/** The collection (row of the `gc*` columns) whose start/end rows enclose event `e`, or -1. */
export function collectionAt(r: Recording, e: number): number {
  const c = lastAtOrBefore(r.gcStartEvent, r.gcStartEvent.length, e);
  return c >= 0 && r.gcEndEvent[c]! >= e ? c : -1;
}

const hex = (a: number): string => `0x${a.toString(16)}`;
const line = (r: Recording, e: number): string => (r.line[e] ? ` at line ${r.line[e]}` : "");

/** The object's block address right before row `e` (its allocation's, then each move's). */
function blockAt(r: Recording, life: ObjectLife, e: number): number {
  let b = r.addr[life.allocatedAt]!;
  for (const m of life.movedAt) if (m < e) b = r.addr[m]!;
  return b;
}

/**
 * The size of the strongly connected component holding object `i` of a snapshot's graph: > 1 (or 1
 * with a reference to itself) means it is on a reference cycle.
 */
function cycleSize(s: CollectionSnapshot, i: number): number {
  const n = s.addrs.length;
  const out: number[][] = Array.from({ length: n }, () => []);
  const into: number[][] = Array.from({ length: n }, () => []);
  let selfLoop = false;
  for (let k = 0; k < s.edges.length; k += 2) {
    const a = s.edges[k]!;
    const b = s.edges[k + 1]!;
    out[a]!.push(b);
    into[b]!.push(a);
    if (a === i && b === i) selfLoop = true;
  }
  const reach = (adj: number[][]): Uint8Array => {
    const seen = new Uint8Array(n);
    const stack = [i];
    seen[i] = 1;
    while (stack.length > 0)
      for (const j of adj[stack.pop()!]!)
        if (!seen[j]) {
          seen[j] = 1;
          stack.push(j);
        }
    return seen;
  };
  const fwd = reach(out);
  const back = reach(into);
  let size = 0;
  for (let j = 0; j < n; j++) if (fwd[j] && back[j]) size++;
  return size === 1 && !selfLoop ? 0 : size;
}

/**
 * Why the object died, in one sentence, from the recording and the collections captured for it:
 * freed when its reference count reached 0 (outside any collection), or found dead by collection #k —
 * under CPython's cycle collector, as part of a reference cycle of N objects when the captured graph
 * shows one — or still alive at the end. `refcounts` says whether the strategy counts references.
 *
 * @example
 * deathOf(recording, life, collections, true); // "freed when its reference count reached 0 at line 12 (event 340)."
 */
export function deathOf(
  r: Recording,
  life: ObjectLife,
  collections: readonly (CollectionSnapshot | TracingSnapshot)[],
  refcounts: boolean,
): string {
  if (life.freedAt < 0)
    return refcounts
      ? "Still alive when the recording ended: something still referred to it (a reference cycle keeps its count above 0 until a cycle collector finds it)."
      : "Still alive when the recording ended: no collection found it unreachable (a collection runs only when a space fills).";
  const e = life.freedAt;
  const at = `${line(r, e)} (event ${e + 1})`;
  const c = collectionAt(r, e);
  if (c < 0)
    return refcounts
      ? `Freed when its reference count reached 0${at}: the last reference to it went away, and reference counting frees at once.`
      : `Freed by a lazy sweep${at}: a collection had found it unreachable, and its block was reclaimed when allocation next needed room.`;
  const gc = `collection #${c + 1} (generation ${r.gcGeneration[c]})`;
  const snap = collections.find((s) => s.index === c);
  if (snap?.kind === "cpython") {
    const i = snap.addrs.indexOf(blockAt(r, life, e));
    if (i < 0)
      return `Freed during ${gc}${at}: its reference count reached 0 when the collector broke the cycle that held it (tp_clear).`;
    const size = cycleSize(snap, i);
    return size > 0
      ? `Collected by ${gc}${at} as part of a reference cycle of ${size} object${size === 1 ? " (it refers to itself)" : "s"}: the counts inside the cycle never reach 0, so only the cycle collector frees them.`
      : `Collected by ${gc}${at}: unreachable, referred to only from a reference cycle the collector freed.`;
  }
  if (refcounts) return `Collected by ${gc}${at}: the cycle collector found it unreachable.`;
  return `Collected by ${gc}${at}: no root reached it, so the collector did not mark or copy it.`;
}

/**
 * Its moves and promotions, each with the collection it happened in: a move's old → new block address
 * from the recording, and a generation or age change from a tracing collection's snapshot.
 *
 * @example
 * movesOf(recording, life, collections); // [{ row: 812, text: "moved by collection #3: 0x1a00 → 0x9a40" }]
 */
export function movesOf(
  r: Recording,
  life: ObjectLife,
  collections: readonly (CollectionSnapshot | TracingSnapshot)[],
): LifeEvent[] {
  const out: LifeEvent[] = [];
  for (const m of life.movedAt) {
    const c = collectionAt(r, m);
    out.push({
      row: m,
      text: `moved${c >= 0 ? ` by collection #${c + 1}` : ""}: ${hex(r.arg[m]!)} → ${hex(r.addr[m]!)}`,
    });
  }
  const last = life.freedAt < 0 ? r.length - 1 : life.freedAt;
  for (const s of collections) {
    if (s.kind !== "tracing" || s.index >= r.gcStartEvent.length) continue;
    const start = r.gcStartEvent[s.index]!;
    if (start < life.allocatedAt || start > last) continue;
    const i = s.addrs.indexOf(blockAt(r, life, start));
    if (i < 0 || s.freed[i]) continue;
    const gen = s.genAfter[i] !== s.genBefore[i];
    const age = s.ageAfter[i] !== s.ageBefore[i];
    if (!gen && !age) continue;
    out.push({
      row: r.gcEndEvent[s.index]!,
      text: `${gen ? `promoted from generation ${s.genBefore[i]} to ${s.genAfter[i]}` : `aged from ${s.ageBefore[i]} to ${s.ageAfter[i]}`} by collection #${s.index + 1}`,
    });
  }
  return out.sort((a, b) => a.row - b.row);
}
