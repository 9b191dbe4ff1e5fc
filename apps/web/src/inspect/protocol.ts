import type { SiteRow } from "@heaplab/inspect";

/** The page asks for the inspection tools' view of one workload under one strategy. */
export interface InspectRequest {
  type: "inspect";
  workload: string;
  strategy: string;
  iterations: number;
  heapLimit: number;
}

/** Plain data (structured-clonable) from `inspectPanel`. */
export interface InspectResult {
  workload: string;
  strategy: string;
  iterations: number;
  summary: { type: string; count: number; size: number }[];
  sites: SiteRow[];
  leaking: boolean;
  retention: number;
  liveBytes: [number, number];
  grew: { type: string; count: number; countDiff: number; size: number; sizeDiff: number }[];
  /** The leak finder's report as `heaplab inspect` prints it. */
  report: string;
  chain: string;
  /** The first run's heap in Chrome DevTools' `.heapsnapshot` format. */
  heapSnapshot: string;
}

/** What the inspection Worker posts back. */
export type InspectMessage = { type: "done"; result: InspectResult } | { type: "error"; message: string };
