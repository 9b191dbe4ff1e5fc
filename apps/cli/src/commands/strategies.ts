import { Runtime } from "@heaplab/runtime";
import { catalog } from "../catalog";

/** `heaplab strategies [--json]`: one name per line, or names with their constraints as JSON. */
export function strategiesCommand(options: { json?: boolean }): void {
  if (!options.json) {
    for (const name of catalog.names()) console.log(name);
    return;
  }
  const out = catalog.entries().map((e) => {
    const s = e.create({ heapLimit: 1 << 20 });
    // Attaching makes the strategy ready; constraints are data and need nothing else.
    new Runtime(s, { heapLimit: 1 << 20 });
    const c = s.constraints;
    return {
      name: e.name,
      description: e.description,
      constraints: {
        ...c,
        largeObjectThreshold: Number.isFinite(c.largeObjectThreshold) ? c.largeObjectThreshold : null,
      },
    };
  });
  console.log(JSON.stringify(out, null, 2));
}
