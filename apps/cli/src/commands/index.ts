import type { CAC } from "cac";
import { compareCommand } from "./compare";
import { demoCommand } from "./demo";
import { inspectCommand } from "./inspect";
import { replayCommand } from "./replay";

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
  cli.command("demo", "Compare the strategies on the seeds' workloads (the main job)").action(demoCommand);
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
    .option("--snapshot <file>", "Also write the heap as a .heapsnapshot for Chrome DevTools (a new file)")
    .option("--force", "Let --snapshot replace an existing file")
    .option("--iterations <n>", "Iterations of the first run (default: the workload's own)")
    .option("--heap-limit <size>", "Heap limit: 16MiB, 512KiB, 1GiB or bytes (default: 256MiB)")
    .action(inspectCommand);
}
