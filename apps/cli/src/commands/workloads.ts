import { type Workload, workloads } from "@heaplab/workloads";
import { pc } from "../colour";

/** A description's sentences (a sentence ends with `.`, `!` or `?` before a space). */
function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/);
}

/**
 * One line about `w`: the first sentence of its description that no other workload's description has
 * (the three CSV workloads open with the same sentence and differ in the second).
 *
 * @example
 * summary(getWorkload("csv-chunks")); // "Processing `chunkRows` rows at a time bounds peak memory …"
 */
export function summary(w: Workload): string {
  const others = workloads.filter((o) => o !== w).map((o) => o.description);
  const own = sentences(w.description);
  return own.find((s) => !others.some((d) => d.includes(s))) ?? own[0] ?? "";
}

/**
 * The workloads as lines: name, one-line summary, and the parameters `--param` may override with their
 * defaults. `heaplab workloads` prints them; `heaplab compare --help` and `inspect --help` list them.
 *
 * @example
 * workloadLines()[0]; // "  list-cycle  Builds `count` pairs of lists … (count=2000)"
 */
export function workloadLines(): string[] {
  const width = Math.max(...workloads.map((w) => w.name.length));
  return workloads.map((w) => {
    const params = Object.entries(w.params)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(" ");
    return `  ${w.name.padEnd(width)}  ${summary(w)}${params === "" ? "" : ` ${pc.dim(`(${params})`)}`}`;
  });
}

/** `heaplab workloads`: every workload by name with one line about it and its parameters. */
export function workloadsCommand(): void {
  for (const line of workloadLines()) console.log(line);
}
