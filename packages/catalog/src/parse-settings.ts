import { HeaplabError } from "@heaplab/runtime";
import { parseByteSize } from "./byte-size";
import { type SettingSpec, STRATEGY_SETTINGS } from "./setting-specs";

/** A setting's value as `StrategyOptions.settings` holds it. */
export type SettingValue = string | number | boolean;

/** The settings `strategy` reads (empty for a strategy that reads none or that the table does not know). */
export function settingsOf(strategy: string): readonly SettingSpec[] {
  return STRATEGY_SETTINGS[strategy] ?? [];
}

/** `name` or one of its aliases in `specs`. */
function specNamed(specs: readonly SettingSpec[], key: string): SettingSpec | undefined {
  return specs.find((s) => s.name === key || s.aliases?.includes(key) === true);
}

/** The names `strategy` accepts, for error messages: `a, b, c` or `none`. */
function known(strategy: string): string {
  const names = settingsOf(strategy).map((s) => s.name);
  return names.length === 0 ? "none" : names.join(", ");
}

/**
 * Reads one setting's text as its kind demands. Booleans are exactly true/false/1/0, so `yes` is an
 * error instead of a silent false.
 * @throws HeaplabError naming the setting and what it takes.
 */
function readValue(spec: SettingSpec, key: string, text: string): SettingValue {
  const refuse = (takes: string): never => {
    throw new HeaplabError(`setting '${key}' takes ${takes}, not '${text}'`);
  };
  switch (spec.kind) {
    case "boolean":
      if (text === "true" || text === "1") return true;
      if (text === "false" || text === "0") return false;
      return refuse("true, false, 1 or 0");
    case "bytes":
      return parseByteSize(text, `setting '${key}'`);
    case "number": {
      const n = text.trim() === "" ? Number.NaN : Number(text);
      return Number.isFinite(n) ? n : refuse("a number");
    }
    case "integer": {
      const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
      return Number.isSafeInteger(n) ? n : refuse("a whole number ≥ 0");
    }
    case "choice":
      return spec.choices?.includes(text) === true ? text : refuse(`one of ${spec.choices?.join(", ")}`);
  }
}

/**
 * Checks `key=value` settings (as text) against what `strategy` reads and converts each to its kind.
 *
 * @throws HeaplabError for a key the strategy does not read (naming the ones it does) or a value of the
 *   wrong kind.
 * @example
 * parseSettings("refcount", { neverReleaseArenas: "true" }); // { neverReleaseArenas: true }
 * parseSettings("refcount", { foo: "1" }); // throws: 'refcount' has no setting 'foo'; its settings: …
 */
export function parseSettings(
  strategy: string,
  raw: Readonly<Record<string, string>>,
): Record<string, SettingValue> {
  const out: Record<string, SettingValue> = {};
  for (const [key, text] of Object.entries(raw)) {
    const spec = specNamed(settingsOf(strategy), key);
    if (spec === undefined)
      throw new HeaplabError(`'${strategy}' has no setting '${key}'; its settings: ${known(strategy)}`);
    out[key] = readValue(spec, key, text);
  }
  return out;
}

/**
 * The same settings given to several strategies at once (`heaplab compare --setting k=v`): each strategy
 * receives the keys it reads, as `--param` goes only to the workloads that declare it.
 *
 * @throws HeaplabError for a key that no chosen strategy reads, naming every chosen strategy's settings,
 *   or a value of the wrong kind for a strategy that reads the key.
 * @example
 * settingsByStrategy(["refcount", "none"], { neverReleaseArenas: "1" }); // { refcount: { neverReleaseArenas: true } }
 */
export function settingsByStrategy(
  strategies: readonly string[],
  raw: Readonly<Record<string, string>>,
): Record<string, Record<string, SettingValue>> {
  for (const key of Object.keys(raw)) {
    if (!strategies.some((s) => specNamed(settingsOf(s), key) !== undefined))
      throw new HeaplabError(
        `no chosen strategy has a setting '${key}' (${strategies.map((s) => `${s}: ${known(s)}`).join("; ")})`,
      );
  }
  const out: Record<string, Record<string, SettingValue>> = {};
  for (const s of strategies) {
    const mine = Object.fromEntries(Object.entries(raw).filter(([k]) => specNamed(settingsOf(s), k)));
    if (Object.keys(mine).length > 0) out[s] = parseSettings(s, mine);
  }
  return out;
}
