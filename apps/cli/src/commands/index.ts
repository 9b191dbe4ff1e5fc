import type { CAC } from "cac";
import { demoCommand } from "./demo";

/**
 * Registers the subcommands other than `strategies`. Each issue's command is one file in this folder
 * and one line here.
 */
export function registerCommands(cli: CAC): void {
  cli.command("demo", "Compare the strategies on the seeds' workloads (the main job)").action(demoCommand);
}
