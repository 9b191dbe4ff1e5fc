import type { CAC } from "cac";
import { demoCommand } from "./demo";
import { replayCommand } from "./replay";

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
  cli.command("demo", "Compare the strategies on the seeds' workloads (the main job)").action(demoCommand);
}
