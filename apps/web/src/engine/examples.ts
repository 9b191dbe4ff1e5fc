/// <reference types="vite/client" />

/** A Python program the editor opens on. */
export interface Example {
  /** File name, e.g. `cycle_with_del.py`. */
  name: string;
  source: string;
}

// Copies of a few of the seed programs with CPython 3.11's known output, bundled at build time so
// the app does not depend on files outside the repository.
const files = import.meta.glob<string>("../examples/*.py", { query: "?raw", import: "default", eager: true });

/**
 * The bundled example programs, by file name.
 *
 * @example
 * examples.find((e) => e.name === "cycle_with_del.py")?.source;
 */
export const examples: readonly Example[] = Object.entries(files)
  .map(([path, source]) => ({ name: path.slice(path.lastIndexOf("/") + 1), source }))
  .sort((a, b) => a.name.localeCompare(b.name));
