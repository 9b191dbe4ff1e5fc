/**
 * The points of a run where the inspection panel can take a tracemalloc snapshot. A workload is
 * measured in phases of its progress (its loop reports at least every eighth of the run); a Python
 * program at the first time it reaches a source line, or at its end.
 */

/** The phases offered for a workload: fraction of the run → what the page calls it. */
export const PHASES: readonly { at: number; name: string }[] = [
  { at: 0, name: "before the run" },
  { at: 0.25, name: "a quarter in" },
  { at: 0.5, name: "half way" },
  { at: 0.75, name: "three quarters in" },
  { at: 1, name: "the end (after a collection)" },
];

/**
 * A phase's name: one of `PHASES`, else its percentage.
 *
 * @example
 * phaseName(0.5); // "half way"
 */
export function phaseName(at: number): string {
  return PHASES.find((p) => p.at === at)?.name ?? `${Math.round(at * 100)}% into the run`;
}

/**
 * A Python snapshot point's name: `null` is the program's end.
 *
 * @example
 * lineName(7); // "when line 7 first runs"
 * lineName(null); // "the program's end"
 */
export function lineName(line: number | null): string {
  return line === null ? "the program's end" : `when line ${line} first runs`;
}

/**
 * The lines of a program a snapshot can be taken at: those with a statement (not blank, not only a
 * comment), each with its text for the menu.
 *
 * @example
 * statementLines("a = []\n\n# note\nb = a"); // [{ line: 1, text: "a = []" }, { line: 4, text: "b = a" }]
 */
export function statementLines(source: string): { line: number; text: string }[] {
  return source
    .split("\n")
    .map((text, i) => ({ line: i + 1, text: text.trim() }))
    .filter((l) => l.text !== "" && !l.text.startsWith("#"));
}
