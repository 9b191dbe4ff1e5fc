#!/usr/bin/env node

import { isMainThread } from "node:worker_threads";
import { cac } from "cac";
import { extraHelp } from "./commands/help-sections";
import { registerCommands } from "./commands/index";
import { strategiesCommand } from "./commands/strategies";
import { workloadsCommand } from "./commands/workloads";
import { reportFailure } from "./error-line";
import { joinNegativeValues, UsageError } from "./options";

/**
 * The heaplab command. Each subcommand lives in its own file under `commands/`; `commands/index.ts`
 * registers them. Every failure ends here: one line on standard error and a non-zero exit status
 * (`error-line.ts`), never a JavaScript stack unless `HEAPLAB_DEBUG=1` asks for it.
 */
const cli = cac("heaplab");

/** The command `heaplab help NAME` explains (cac's own `--help` uses the matched command). */
let helpTopic: string | undefined;

cli
  .command("strategies", "List the registered memory-management strategies")
  .option("--json", "Each strategy as data: constraints, minimum heap, settings")
  .action(strategiesCommand);
cli.command("workloads", "List the workloads, one line each, with their parameters").action(workloadsCommand);

registerCommands(cli);

cli.command("help [command]", "Show this help, or a command's").action((name?: string) => {
  if (name === undefined) return cli.globalCommand.outputHelp();
  const command = cli.commands.find((c) => c.name === name);
  if (command === undefined || command.name === "help")
    throw new UsageError(`unknown command '${name}'; run 'heaplab help' for the commands`);
  helpTopic = name;
  command.outputHelp();
});

cli.help((sections) => [...sections, ...extraHelp(helpTopic ?? cli.matchedCommand?.name)]);
cli.version("0.1.0");

/** Runs the command line; returns the exit status. */
async function main(argv: readonly string[]): Promise<number> {
  try {
    cli.parse(joinNegativeValues(argv), { run: false });
    if (!cli.matchedCommand && cli.args.length > 0)
      throw new UsageError(`unknown command '${cli.args[0]}'; run 'heaplab help' for the commands`);
    if (!cli.matchedCommand && !cli.options.help && !cli.options.version) cli.outputHelp();
    else await cli.runMatchedCommand();
    return 0;
  } catch (e) {
    return reportFailure(e);
  }
}

// A reader that stops early (`heaplab workloads | head -1`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});
// `run` and `inspect FILE.py` start worker threads on this same module (the built CLI is one bundle):
// only the main thread reads the command line, or a worker would print the help after its program.
if (isMainThread) process.exitCode = await main(process.argv);
