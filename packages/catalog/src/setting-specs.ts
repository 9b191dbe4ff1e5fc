/**
 * One strategy-specific setting (`StrategyOptions.settings`) as data: what the strategy reads, of what
 * kind, and what it means. The catalog checks `--setting key=value` against these before any run, so a
 * misspelt name or a value the strategy would read differently is refused instead of ignored.
 */
export interface SettingSpec {
  /** The key the strategy reads. */
  readonly name: string;
  /** Other keys the strategy reads for the same setting (kebab-case spellings). */
  readonly aliases?: readonly string[];
  /**
   * `boolean`: true/false/1/0; `bytes`: a byte size (`8MiB`); `number`: a finite number; `integer`: a
   * whole number ≥ 0; `choice`: one of `choices`.
   */
  readonly kind: "boolean" | "bytes" | "number" | "integer" | "choice";
  readonly choices?: readonly string[];
  /** The default, as a person reads it. */
  readonly default: string;
  /** One line: what it changes. */
  readonly description: string;
}

const PYMALLOC: readonly SettingSpec[] = [
  {
    name: "neverReleaseArenas",
    aliases: ["never-release-arenas"],
    kind: "boolean",
    default: "false",
    description: "Python ≤ 2.4's pymalloc: an empty arena is never returned to the OS",
  },
  {
    name: "debugHooks",
    aliases: ["debug-hooks"],
    kind: "boolean",
    default: "from PYTHONMALLOC",
    description: "PYTHONMALLOC=debug: guard bytes around every block, checked on free",
  },
];

const MIN_HEAP = (dflt: string): SettingSpec => ({
  name: "min-heap",
  kind: "bytes",
  default: dflt,
  description: "heap size below which no collection is triggered",
});

/**
 * The settings each catalog strategy reads, by strategy name (the strategies' constructors read them:
 * `allocator-settings.ts` in `@heaplab/refcount`, each plan's constructor in `@heaplab/tracing`).
 * A strategy missing here takes no settings.
 *
 * @example
 * STRATEGY_SETTINGS["mark-sweep"]?.map((s) => s.name); // ["sweep", "min-heap", "growth"]
 */
const CPYTHON: readonly SettingSpec[] = [
  ...PYMALLOC,
  {
    name: "baseline",
    kind: "integer",
    default: "0",
    description: "N inert long-lived objects in generation 2 at the start, as the trace referee has",
  },
];

export const STRATEGY_SETTINGS: Readonly<Record<string, readonly SettingSpec[]>> = {
  none: [],
  refcount: PYMALLOC,
  "cpython-3.11": CPYTHON,
  "cpython-3.12": CPYTHON,
  "cpython-3.13": CPYTHON,
  "cpython-3.14": [
    ...CPYTHON,
    {
      name: "unrootedBaseline",
      aliases: ["unrooted-baseline"],
      kind: "integer",
      default: "0",
      description:
        "N more inert long-lived objects that no root reaches (held from C), which 3.14's increments must scan",
    },
  ],
  "mark-sweep": [
    {
      name: "sweep",
      kind: "choice",
      choices: ["lazy", "eager"],
      default: "lazy",
      description: "sweep during allocation (lazy) or in the pause (eager)",
    },
    MIN_HEAP("4MiB"),
    {
      name: "growth",
      kind: "number",
      default: "2",
      description: "factor the trigger grows by after a collection",
    },
  ],
  "mark-compact": [
    {
      name: "region-bytes",
      kind: "bytes",
      default: "4MiB",
      description: "size of each region objects slide within",
    },
    MIN_HEAP("8MiB"),
  ],
  semispace: [
    { name: "semispace-bytes", kind: "bytes", default: "4MiB", description: "initial size of each half" },
    MIN_HEAP("8MiB"),
  ],
  "jvm-serial": [
    {
      name: "initial-heap",
      kind: "bytes",
      default: "min(heap limit, 24MiB)",
      description: "-Xms: young + tenured at the start",
    },
    {
      name: "survivor-ratio",
      kind: "number",
      default: "8",
      description: "-XX:SurvivorRatio: eden / one survivor",
    },
    { name: "new-ratio", kind: "number", default: "2", description: "-XX:NewRatio: tenured / young" },
    {
      name: "max-tenuring-threshold",
      kind: "integer",
      default: "15",
      description: "-XX:MaxTenuringThreshold: collections survived before promotion",
    },
  ],
  clr: [
    { name: "GCRegionSize", kind: "bytes", default: "256KiB", description: "size of a generation's region" },
    {
      name: "GCgen0size",
      kind: "bytes",
      default: "min(4MiB, heap limit / 16)",
      description: "gen0's minimum allocation budget",
    },
    {
      name: "GCGen0MaxBudget",
      kind: "bytes",
      default: "max(6MiB, limit / 8)",
      description: "gen0's largest budget",
    },
    {
      name: "GCGen1MaxBudget",
      kind: "bytes",
      default: "max(6MiB, limit / 8)",
      description: "gen1's largest budget",
    },
    {
      name: "GCLOHThreshold",
      kind: "bytes",
      default: "85000",
      description: "objects this large or larger go to the LOH",
    },
    {
      name: "GCLOHCompact",
      kind: "boolean",
      default: "false",
      description: "compact the LOH at every full GC",
    },
    { name: "gcForceCompact", kind: "boolean", default: "false", description: "always compact, never sweep" },
    {
      name: "demotion",
      kind: "boolean",
      default: "true",
      description: "keep regions holding pins in their generation",
    },
  ],
};
