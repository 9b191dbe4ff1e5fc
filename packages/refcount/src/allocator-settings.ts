import type { PymallocOptions } from "@heaplab/object-allocator";
import type { StrategyOptions } from "@heaplab/runtime";

/** The allocators under a CPython-style heap, as `StrategyOptions.settings` choose them. */
export interface AllocatorSettings {
  /** pymalloc's options (`neverReleaseArenas`, `debugHooks`). */
  readonly pymalloc: PymallocOptions;
  /** Debug hooks on the raw allocator too (`PYTHONMALLOC=debug`); undefined: from the environment. */
  readonly debugHooks: boolean | undefined;
}

function flag(settings: StrategyOptions["settings"], ...names: string[]): boolean | undefined {
  for (const n of names) {
    const v = settings?.[n];
    if (v !== undefined) return v === true || v === "true" || v === 1 || v === "1";
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
