import { describeStrategy } from "@heaplab/catalog";
import { catalog } from "../catalog";

/**
 * `heaplab strategies [--json]`: one name per line, or each strategy as data (constraints, the smallest
 * heap it can be built with, its settings) as JSON. Nothing is built: no heap limit can be too small.
 */
export function strategiesCommand(options: { json?: boolean }): void {
  if (!options.json) {
    for (const name of catalog.names()) console.log(name);
    return;
  }
  console.log(JSON.stringify(catalog.entries().map(describeStrategy), null, 2));
}
