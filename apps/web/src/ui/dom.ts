/** Attributes and properties `h` sets: strings become attributes, `on*` functions listeners. */
type Props = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

/**
 * Builds an element: `h("button", { class: "primary", onclick: run }, "Run")`. Text children are text
 * nodes and attribute values are set with `setAttribute`, so nothing a user typed is ever parsed as
 * HTML; `false`/`null` attributes are left out.
 *
 * @example
 * document.body.append(h("p", { class: "note" }, "Hello ", h("strong", {}, "world")));
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/**
 * Escapes text for an HTML attribute value or text node: `&`, `<`, `>`, `"` and `'`.
 *
 * @example
 * escapeHtml('a"b'); // "a&#34;b"
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The element with this id, typed; throws at start-up when the page and the code disagree.
 *
 * @example
 * const run = byId<HTMLButtonElement>("run");
 */
export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the page has no #${id}`);
  return el as T;
}

/**
 * Reads a number input: the value when it is a finite number within [min, max], else null, and marks
 * the input invalid (`aria-invalid`) with its message so the user sees why in place.
 *
 * @example
 * const seconds = checkedNumber(limitInput, 0.1, 600, "time limit");
 */
export function checkedNumber(
  input: HTMLInputElement,
  min: number,
  max: number,
  what: string,
): number | null {
  const text = input.value.trim();
  const v = Number(text);
  const ok = text !== "" && Number.isFinite(v) && v >= min && v <= max;
  input.setAttribute("aria-invalid", ok ? "false" : "true");
  input.setCustomValidity(ok ? "" : `${what} must be a number from ${min} to ${max}`);
  return ok ? v : null;
}

/**
 * Text with `backticked` spans as `<code>` (the workloads' descriptions are written that way).
 *
 * @example
 * el.append(...withCode("runs `__del__` later")); // "runs ", <code>__del__</code>, " later"
 */
export function withCode(text: string): (string | HTMLElement)[] {
  return text.split("`").map((part, i) => (i % 2 === 1 ? h("code", {}, part) : part));
}

/**
 * A count with its noun, singular for one: `plural(1, "collection")` → "1 collection".
 *
 * @example
 * plural(2, "collection"); // "2 collections"
 */
export function plural(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}
