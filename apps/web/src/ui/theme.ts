const KEY = "heaplab-theme";
type Theme = "light" | "dark";

/** The theme in force: the saved choice, else the system's preference. */
function current(): Theme {
  const saved = localStorage.getItem(KEY);
  if (saved === "light" || saved === "dark") return saved;
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/**
 * Applies the theme (`data-theme` on `<html>`, read by the CSS custom properties) and wires the
 * toggle button; `onChange` lets canvases repaint in the new colours.
 *
 * @example
 * setupTheme(byId("theme"), () => redraw());
 */
export function setupTheme(button: HTMLButtonElement, onChange: () => void): void {
  const apply = (t: Theme): void => {
    document.documentElement.dataset.theme = t;
    button.setAttribute("aria-pressed", String(t === "dark"));
    button.textContent = t === "dark" ? "Light theme" : "Dark theme";
  };
  apply(current());
  button.addEventListener("click", () => {
    const next: Theme = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
    localStorage.setItem(KEY, next);
    apply(next);
    onChange();
  });
}

/**
 * A CSS custom property's value in the theme in force (for canvas and chart colours).
 *
 * @example
 * cssVar("--fg"); // "#1b1f24"
 */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
