import { createColors } from "picocolors";

/**
 * Whether the terminal gets colour codes: never with `NO_COLOR` (https://no-color.org), always with
 * `FORCE_COLOR` (unless it is `0` or `false`), otherwise only when standard output is a terminal, so
 * piped and redirected output is plain text.
 *
 * @example
 * colourEnabled({ NO_COLOR: "1" }, true); // false
 * colourEnabled({}, false); // false: piped
 */
export function colourEnabled(
  env: Readonly<Record<string, string | undefined>> = process.env,
  isTty: boolean = process.stdout.isTTY === true,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return isTty && env.TERM !== "dumb";
}

/**
 * picocolors bound to `colourEnabled()`: every command colours through this, never through picocolors'
 * own guess (which colours any output when a `CI` variable is set).
 *
 * @example
 * console.log(pc.bold("title"));
 */
export const pc = createColors(colourEnabled());

/**
 * cli-table3's `style`: its colour library ignores `NO_COLOR` and pipes, so the head and border colours
 * are given only when colour is on.
 *
 * @example
 * new Table({ head: ["a"], style: tableStyle() });
 */
export function tableStyle(): { head: string[]; border: string[] } {
  return colourEnabled() ? { head: ["cyan"], border: ["grey"] } : { head: [], border: [] };
}
