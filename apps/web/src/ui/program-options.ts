import type { Example } from "../engine/examples";
import { h } from "./dom";

/**
 * The `<optgroup>`s of a program picker: the Python examples (`py:NAME`) and the built-in workloads
 * (`wl:NAME`), the two kinds of program the lab and the inspection panel run, named alike in both.
 * @example
 * programSel.replaceChildren(...programOptions(examples, workloads));
 */
export function programOptions(
  examples: readonly Example[],
  workloads: readonly { readonly name: string }[],
): HTMLElement[] {
  return [
    h(
      "optgroup",
      { label: "Python examples" },
      ...examples.map((e) => h("option", { value: `py:${e.name}` }, e.name)),
    ),
    h(
      "optgroup",
      { label: "Built-in workloads" },
      ...workloads.map((w) => h("option", { value: `wl:${w.name}` }, w.name)),
    ),
  ];
}
