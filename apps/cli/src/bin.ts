#!/usr/bin/env node
import { HeaplabError } from "@heaplab/runtime";
import { cac } from "cac";
import { registerCommands } from "./commands/index";
import { strategiesCommand } from "./commands/strategies";

/**
 * The heaplab command. Each subcommand lives in its own file under `commands/`; `commands/index.ts`
 * registers them.
 */
const cli = cac("heaplab");

cli
  .command("strategies", "List the registered memory-management strategies")
  .option("--json", "Names with their constraints, as JSON")
  .action(strategiesCommand);

registerCommands(cli);

cli.help();
cli.version("0.1.0");

try {
  cli.parse(process.argv, { run: false });
  if (!cli.matchedCommand && cli.args.length > 0) {
    console.error(`heaplab: unknown command '${cli.args[0]}'; run 'pnpm heaplab --help'`);
    process.exit(2);
  }
  if (!cli.matchedCommand && !cli.options.help && !cli.options.version) {
    cli.outputHelp();
  } else {
    await cli.runMatchedCommand();
  }
} catch (e) {
  if (e instanceof HeaplabError || (e instanceof Error && e.name === "CACError")) {
    console.error(`heaplab: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
