import { HeaplabError } from "../errors";
import type { StrategyFactory } from "./strategy";

/**
 * A strategy as the catalog lists it.
 * @example
 * const entry: StrategyEntry = { name: "mine", description: "my collector", create: (o) => new MyPlan(o) };
 */
export interface StrategyEntry {
  readonly name: string;
  readonly description: string;
  readonly create: StrategyFactory;
}

/**
 * The strategies a program can choose from, by name. Packages export their entries; an application
 * (the CLI, the demo) builds one catalog from them, so nothing registers itself by side effect.
 *
 * @example
 * const catalog = new StrategyCatalog([noneStrategy]);
 * const rt = new Runtime(catalog.create("none", { heapLimit: 1 << 20 }), { heapLimit: 1 << 20 });
 */
export class StrategyCatalog {
  private readonly byName = new Map<string, StrategyEntry>();

  constructor(entries: readonly StrategyEntry[]) {
    for (const e of entries) {
      if (this.byName.has(e.name)) throw new HeaplabError(`strategy '${e.name}' is registered twice`);
      this.byName.set(e.name, e);
    }
  }

  /** Strategy names, in registration order. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  /** All entries, in registration order. */
  entries(): StrategyEntry[] {
    return [...this.byName.values()];
  }

  /** The entry named `name`. @throws HeaplabError naming the known strategies. */
  get(name: string): StrategyEntry {
    const e = this.byName.get(name);
    if (e === undefined)
      throw new HeaplabError(`unknown strategy '${name}'; known strategies: ${this.names().join(", ")}`);
    return e;
  }
}
