import type { HeldTypeRow, RefGraph, SiteDiffRow, SiteRow, TypeGrowthRow } from "@heaplab/inspect";

/**
 * What to inspect: a built-in workload (snapshot points are phases of its run, 0 before it starts,
 * 1 its end) or a Python program (snapshot points are source lines, `null` its end).
 */
export type InspectProgram =
  | { kind: "workload"; workload: string; iterations: number; phases: [number, number] }
  | { kind: "python"; file: string; source: string; lines: [number | null, number | null] };

/** The page asks for the inspection tools' view of one program under one strategy. */
export interface InspectRequest {
  type: "inspect";
  program: InspectProgram;
  strategy: string;
  heapLimit: number;
}

/** Plain data (structured-clonable) from `@heaplab/inspect`. */
export interface InspectResult {
  /** The workload's name or the program's file name. */
  program: string;
  kind: "workload" | "python";
  strategy: string;
  /** The workload's iterations (the leak finder's first run); null for a program. */
  iterations: number | null;
  /** Pympler's summary of what the program still reaches. */
  summary: { type: string; count: number; size: number }[];
  /** tracemalloc's `statistics("lineno")`: live bytes by allocation site. */
  sites: SiteRow[];
  /** tracemalloc's `compare_to(…, "lineno")` between the two snapshots, biggest change first. */
  diff: SiteDiffRow[];
  /** The two snapshot points, as the page names them ("half way", "line 7"). */
  diffFrom: string;
  diffTo: string;
  /** objgraph's growth: what was compared, and the types whose count grew. */
  growthBetween: string;
  growth: TypeGrowthRow[];
  /** The leak finder's verdict: null for a program (no second run to compare with). */
  leaking: boolean | null;
  /** The verdict as a sentence. */
  verdict: string;
  /** The chain from a root to the newest instance of the type that grew most ("" when none). */
  chain: string;
  /** objgraph's back-reference graph of the object the chain ends at. */
  backrefs: RefGraph;
  /** What the strategy holds that the program no longer reaches, by type. */
  heldUnreachable: { count: number; bytes: number; types: HeldTypeRow[]; why: string };
  /** The program's own output (a Python program's prints); empty for a workload. */
  output: string;
  /** The heap in Chrome DevTools' `.heapsnapshot` format. */
  heapSnapshot: string;
}

/** What the inspection Worker posts back. */
export type InspectMessage = { type: "done"; result: InspectResult } | { type: "error"; message: string };
