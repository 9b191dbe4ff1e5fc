import type { CAC } from "cac";
import { compareCommand } from "./compare";
import { demoCommand } from "./demo";
import { inspectCommand } from "./inspect";
import { replayCommand } from "./replay";
import { runCommand } from "./run";
import { sweepCommand } from "./sweep";

/**
 * Registers the subcommands other than `strategies`. Each issue's command is one file in this folder
 * and one line here.
 */
export function registerCommands(cli: CAC): void {
  cli
    .command("replay [...traces]", "Replay heaplab traces and print results in the referee's format")
    .option("--strategy <name>", "Strategy to run under (default: cpython-3.11)")
    .option(
      "--baseline <n>",
      "Start with N inert long-lived objects, as the referee's result reports (default: 0)",
    )
    .option("--heap-limit <size>", "Heap limit: 16MiB, 512KiB, 1GiB or bytes (default: 256MiB)")
    .action(replayCommand);
  cli
    .command("run [file] [...args]", "Run a Python program on the heaplab heap (ARGS become sys.argv[1:])")
    .option("--strategy <name>", "Strategy to run under (default: cpython-3.11)")
    .option("--heap-limit <size>", "Heap limit, e.g. 64MiB (default 256MiB)")
    .option(
      "--profile",
      "memory_profiler: a line-by-line report of each @profile function, from the heap's bytes",
    )
    .option("--compare", "Run under every strategy (or --strategy a,b,c) and print one comparison table")
    .allowUnknownOptions()
    .action(runCommand);
  cli
    .command("demo", "Compare the strategies on the seeds' workloads (the main job)")
    .option("--runs <n>", "Measured runs per workload and strategy; timings are their median (default 3)")
    .option("--warmup <n>", "Unmeasured warm-up runs before them (default 1)")
    .action(demoCommand);
  cli
    .command("compare", "Run workloads under strategies and compare them (tables, --json or --csv)")
    .option("--workload <name>", "Workload to run (repeat or comma-separate for several)")
    .option("--strategy <name>", "Strategy to run under (repeat or comma-separate; default: all)")
    .option("--param <key=value>", "Override a workload parameter (repeatable)")
    .option(
      "--setting <key=value>",
      "A strategy setting, given to each chosen strategy that has it (repeatable; listed below)",
    )
    .option("--seed <n>", "Seed for the workloads' randomness, 0 to 4294967295 (default: 1)")
    .option("--heap-limit <size>", "Heap limit per run: 16MiB, 512KiB, 1GiB or bytes (default: 256MiB)")
    .option("--runs <n>", "Measured runs per workload and strategy; timings are their median (default 3)")
    .option("--warmup <n>", "Unmeasured warm-up runs before them (default 1)")
    .option("--json", "Print only a JSON array, one object per run")
    .option("--csv", "Print only CSV, one row per run")
    .action(compareCommand);
  cli
    .command(
      "sweep [merge] [...shardFiles]",
      "Minimum heap of each workload × strategy, then time/collections/pauses at multiples of it (CSV, JSON, SVG); 'sweep merge FILE…' joins shards",
    )
    .option(
      "--workload <name>",
      "Workload to sweep (repeatable; default temporaries, binary-trees, csv-load-all)",
    )
    .option("--strategy <name>", "Strategy to sweep (repeatable; default all but none)")
    .option("--param <key=value>", "Override a workload parameter (repeatable)")
    .option("--multiples <list>", "Heap sizes as multiples of the minimum heap (default 1.25,1.5,2,3,4,6)")
    .option("--runs <n>", "Measured runs at each heap size (default 3)")
    .option("--workers <n>", "Worker threads (default: every core)")
    .option("--shard <i/n>", "Run only the i-th of n deterministic slices of the job list")
    .option("--seed <n>", "Seed for the workloads' randomness (default 1)")
    .option("--out <dir>", "Where to write sweep.json, sweep.csv and the SVG charts (default sweep-out)")
    .example("heaplab sweep --workload binary-trees --strategy clr,jvm-serial --runs 5")
    .example("heaplab sweep --shard 2/4 --out out   (then: heaplab sweep merge out/*.json --out sweep)")
    .action(async (merge: string | undefined, files: string[], options) => {
      await sweepCommand(merge === undefined ? [] : [merge, ...files], options);
    });
  cli
    .command(
      "inspect [file]",
      "Heap summary, top allocation sites and leak growth of a Python program or a workload (tracemalloc, Pympler, objgraph)",
    )
    .option("--workload <name>", "Workload to inspect, e.g. leak-global-cache (instead of FILE.py)")
    .option("--strategy <name>", "Strategy to run under (default: cpython-3.11)")
    .option("--snapshot <file>", "Also write the heap as a .heapsnapshot for Chrome DevTools (a new file)")
    .option("--force", "Let --snapshot replace an existing file")
    .option("--iterations <n>", "Iterations of the first run (default: the workload's own)")
    .option("--heap-limit <size>", "Heap limit: 16MiB, 512KiB, 1GiB or bytes (default: 256MiB)")
    .example("heaplab inspect leak.py --strategy refcount --snapshot leak.heapsnapshot")
    .action((file: string | undefined, options) => inspectCommand({ ...options, file }));
}
