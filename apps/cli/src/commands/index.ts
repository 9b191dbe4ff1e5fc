import type { CAC } from "cac";
import { compareCommand } from "./compare";
import { demoCommand } from "./demo";
import { inspectCommand } from "./inspect";
import { replayCommand } from "./replay";
import { runCommand } from "./run";

/**
 * Registers the subcommands other than `strategies`. Each issue's command is one file in this folder
 * and one line here.
 */
export function registerCommands(cli: CAC): void {
  cli
    .command("replay [...traces]", "Replay heaplab traces and print results in the referee's format")
    .option("--strategy <name>", "Strategy to run under (default: cpython-3.11)")
    .option("--baseline <n>", "Start with N inert long-lived objects, as the referee's result reports", {
      default: 0,
    })
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
  cli.command("demo", "Compare the strategies on the seeds' workloads (the main job)").action(demoCommand);
  cli
    .command("compare", "Run workloads under strategies and compare them (tables, --json or --csv)")
    .option("--workload <name>", "Workload to run (repeat or comma-separate for several)")
    .option("--strategy <name>", "Strategy to run under (repeat or comma-separate; default: all)")
    .option("--param <key=value>", "Override a workload parameter (repeatable)")
    .option(
      "--setting <key=value>",
      "A strategy-specific setting passed to every chosen strategy (repeatable)",
    )
    .option("--seed <n>", "Seed for the workloads' randomness (default 1)")
    .option("--heap-limit <bytes>", "Heap limit per run (default 256 MiB)")
    .option("--json", "Print only a JSON array, one object per run")
    .option("--csv", "Print only CSV, one row per run")
    .action(compareCommand);
  cli
    .command(
      "inspect",
      "Heap summary, top allocation sites and leak growth of a workload (tracemalloc, Pympler, objgraph)",
    )
    .option("--workload <name>", "Workload to inspect, e.g. leak-global-cache")
    .option("--strategy <name>", "Strategy to run under (default: cpython-3.11)")
    .option("--snapshot <file>", "Also write the heap as a .heapsnapshot for Chrome DevTools")
    .option("--iterations <n>", "Iterations of the first run (default: the workload's own)")
    .action(inspectCommand);
}
