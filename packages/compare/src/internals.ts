/**
 * @heaplab/compare/internals — what heaplab's own apps share with the engine: the number formatters
 * that word the tables (`bytes`, `ms`, `count`), the statistics behind the figures (`median`,
 * `percentile`, `mmu`, `spreadOf`), the CSV field lists and cells, the run-count check the command line
 * uses, and the sweep's job list, hash and shards. They may change between minor versions; programs
 * outside heaplab should use `@heaplab/compare`.
 *
 * @example
 * import { bytes, ms } from "@heaplab/compare/internals";
 * bytes(1536); // "1.5 KiB"
 */
export {
  bytes,
  count,
  counted,
  ms,
  ordinal,
} from "./format";
export {
  mmu,
  type PauseInterval,
  percentile,
} from "./metrics";
export { checkRunCount } from "./repeat";
export {
  CSV_FIELDS,
  csvCell,
  RECORD_FIELDS,
} from "./result";
export {
  median,
  spreadOf,
  TIMING_FIGURES,
  WIDE_MMU_RANGE,
  WIDE_RELATIVE_SPREAD,
} from "./spread";
export {
  planHash,
  type SweepPair,
  shardPairs,
  sweepPairs,
} from "./sweep/plan";
export {
  SWEEP_CSV_FIELDS,
  sweepPoint,
} from "./sweep/result";
export { HEAP_GRANULE } from "./sweep/run-sweep";
