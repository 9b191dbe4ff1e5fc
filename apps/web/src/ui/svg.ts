const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * An SVG element with its attributes and children, as `h` makes HTML ones: the lab's charts and graphs
 * are drawn as SVG so they scale, print and take the theme's colours from CSS.
 * @example
 * svg("circle", { cx: 4, cy: 4, r: 3, class: "dot" });
 */
export function svg(
  tag: string,
  attrs: Record<string, string | number>,
  ...children: (Node | string)[]
): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

/**
 * The `<defs>` of an arrowhead marker named `id`, for graph edges drawn with `marker-end="url(#id)"`;
 * its colour comes from the `.arrowhead` class.
 * @example
 * graph.append(arrowMarker("arrow")); edge.setAttribute("marker-end", "url(#arrow)");
 */
export function arrowMarker(id: string): SVGElement {
  return svg(
    "defs",
    {},
    svg(
      "marker",
      { id, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto" },
      svg("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead" }),
    ),
  );
}
