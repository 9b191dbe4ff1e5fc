import { catalog, settingsOf } from "@heaplab/catalog";
import { workloadLines } from "./workloads";

/** A section of cac's help text. */
export interface HelpSection {
  title?: string;
  body: string;
}

/**
 * Each strategy's settings as help lines: `--setting name=…` with its kind, default and meaning.
 *
 * @example
 * settingLines().join("\n"); // "  refcount\n    neverReleaseArenas (boolean, default false) …"
 */
export function settingLines(): string[] {
  const lines: string[] = [];
  for (const name of catalog.names()) {
    const specs = settingsOf(name);
    if (specs.length === 0) continue;
    lines.push(`  ${name}`);
    for (const s of specs) {
      const kind = s.kind === "choice" ? (s.choices ?? []).join("|") : s.kind;
      lines.push(`    ${s.name} (${kind}, default ${s.default}): ${s.description}`);
    }
  }
  return lines;
}

/**
 * The sections `heaplab <command> --help` adds after cac's own: the workloads for commands that take
 * `--workload`, the strategies' settings for `--setting`, the strategy names for `--strategy`.
 */
export function extraHelp(command: string | undefined): HelpSection[] {
  const out: HelpSection[] = [];
  const takes = (flag: string) =>
    ({
      compare: ["workload", "strategy", "setting"],
      inspect: ["workload", "strategy"],
      replay: ["strategy"],
    })[command ?? ""]?.includes(flag) === true;
  if (takes("workload")) out.push({ title: "Workloads (--workload)", body: workloadLines().join("\n") });
  if (takes("strategy"))
    out.push({
      title: "Strategies (--strategy; 'heaplab strategies --json' for their constraints)",
      body: `  ${catalog.names().join(", ")}`,
    });
  if (takes("setting"))
    out.push({
      title:
        "Strategy settings (--setting name=value; booleans take true/false/1/0, sizes 8MiB/512KiB/bytes)",
      body: settingLines().join("\n"),
    });
  return out;
}
