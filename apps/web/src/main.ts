import { setupCompare } from "./compare/compare-view";
import { setupInspect } from "./inspect/inspect-view";
import { setupLab } from "./lab/lab-view";
import { frameTimes } from "./lab/timeline-view";
import { byId } from "./ui/dom";
import { setupTabs } from "./ui/tabs";
import { setupTheme } from "./ui/theme";

const lab = setupLab();
const compare = setupCompare();
const inspect = setupInspect();
setupTheme(byId<HTMLButtonElement>("theme"), () => {
  lab.timeline.repaint();
  compare.repaint();
});
// The inspection panel follows the program the Lab shows: re-read it whenever the panel opens.
setupTabs(byId("tabs"), (id) => {
  if (id === "panel-inspect") inspect.refresh();
});

// The collection graph scrolls when it is large: keyboard users must reach it to scroll it (axe:
// scrollable-region-focusable). Set here so the collection view's own file stays as it is.
const collectionGraph = document.getElementById("collection-graph");
if (collectionGraph !== null) {
  collectionGraph.tabIndex = 0;
  collectionGraph.setAttribute("role", "region");
  collectionGraph.setAttribute("aria-label", "Object graph of the collection (scrolls)");
}

/** What the page shows, readable by tests and from the console. */
(window as unknown as { heaplab: unknown }).heaplab = { lab, compare, inspect, frameTimes };
