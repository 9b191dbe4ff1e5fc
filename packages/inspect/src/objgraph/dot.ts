import type { RefGraph } from "./ref-graph";

/**
 * The graph in Graphviz's DOT language, styled as objgraph writes it: boxes, start objects in green,
 * roots in red-ish, references labelled.
 * @example
 * writeFileSync("refs.dot", toDot(refGraph(rt, [h], "refs")));
 */
export function toDot(g: RefGraph): string {
  const lines = ["digraph ObjectGraph {", "  node[shape=box, style=filled, fillcolor=white];"];
  for (const n of g.nodes) {
    const fill = n.start ? "#b4ffb4" : n.root ? "#ffb4b4" : depthColor(n.depth);
    lines.push(`  o${n.id}[label="${escapeDot(n.label)}", fillcolor="${fill}"];`);
  }
  for (const e of g.edges) lines.push(`  o${e.from} -> o${e.to} [label="${escapeDot(e.label)}"];`);
  if (g.omitted > 0) lines.push(`  omitted[shape=plaintext, label="(${g.omitted} more references)"];`);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** objgraph shades nodes lighter the further they are from the start. */
function depthColor(depth: number): string {
  const v = Math.min(255, 200 + depth * 15).toString(16);
  return `#${v}${v}ff`;
}

function escapeDot(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
