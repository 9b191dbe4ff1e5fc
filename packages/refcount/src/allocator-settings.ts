import type { PymallocOptions } from "@heaplab/object-allocator";
import { ConfigError, type StrategyOptions } from "@heaplab/runtime";

/** The allocators under a CPython-style heap, as `StrategyOptions.settings` choose them. */
export interface AllocatorSettings {
  /** pymalloc's options (`neverReleaseArenas`, `debugHooks`). */
  readonly pymalloc: PymallocOptions;
  /** Debug hooks on the raw allocator too (`PYTHONMALLOC=debug`); undefined: from the environment. */
  readonly debugHooks: boolean | undefined;
}

/** A boolean setting under any of `names`: true/false, "true"/"false", 1/0. @throws ConfigError otherwise. */
function flag(settings: StrategyOptions["settings"], ...names: string[]): boolean | undefined {
  for (const n of names) {
    const v = settings?.[n];
    if (v === undefined) continue;
    if (v === true || v === "true" || v === 1 || v === "1") return true;
    if (v === false || v === "false" || v === 0 || v === "0") return false;
    throw new ConfigError(`setting '${n}' must be true or false, not ${JSON.stringify(v)}`);
  }
  return undefined;
}

/**
 * Reads pymalloc's settings from `StrategyOptions.settings`, in camelCase or the CLI's kebab-case:
 * `neverReleaseArenas` / `never-release-arenas` (Python ≤ 2.4: an empty arena is never unmapped) and
 * `debugHooks` / `debug-hooks` (CPython's `PYTHONMALLOC=debug` guard bytes on every block).
 *
 * @example
 * allocatorSettings({ settings: { neverReleaseArenas: true } }).pymalloc; // { neverReleaseArenas: true }
 */
export function allocatorSettings(options: StrategyOptions = {}): AllocatorSettings {
  const never = flag(options.settings, "neverReleaseArenas", "never-release-arenas");
  const debug = flag(options.settings, "debugHooks", "debug-hooks");
  const pymalloc: PymallocOptions = {
    ...(never !== undefined ? { neverReleaseArenas: never } : {}),
    ...(debug !== undefined ? { debugHooks: debug } : {}),
  };
  return { pymalloc, debugHooks: debug };
}
