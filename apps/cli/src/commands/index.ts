import type { CAC } from "cac";

/**
 * Registers the subcommands other than `strategies`. Each issue's command is one file in this folder
 * and one line here.
 */
export function registerCommands(_cli: CAC): void {}
