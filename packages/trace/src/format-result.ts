import type { TraceResult } from "./trace-format";

/**
 * A result (or several) as JSON text in the referee's format, laid out so its size grows with the data
 * and never with the depth: one key a line, one observation and one register's final graph a line, each
 * written compactly. (Indenting by depth made a chain 100,000 deep print 5 * 10^9 spaces.) Ints beyond
 * 2^53 print every digit, which `JSON.stringify` cannot do for a bigint. The writer keeps its own stack,
 * so no depth overflows it. Python's `json.load` (the referee's comparer) reads the text as it reads
 * `json.dump`'s.
 * @example
 * process.stdout.write(formatResults([replayTrace(trace, options)]));
 */
export function formatResults(results: readonly TraceResult[]): string {
  const out: string[] = [];
  const many = results.length !== 1;
  if (many) out.push("[\n");
  results.forEach((r, k) => {
    if (k > 0) out.push(",\n");
    writeResult(r, out);
  });
  out.push(many ? "\n]\n" : "\n");
  return out.join("");
}

function writeResult(r: TraceResult, out: string[]): void {
  const keys = Object.keys(r) as (keyof TraceResult)[];
  out.push("{");
  keys.forEach((key, k) => {
    out.push(k === 0 ? "\n " : ",\n ", JSON.stringify(key), ": ");
    const v = r[key];
    if ((key === "observations" || key === "final") && Array.isArray(v) && v.length > 0) {
      out.push("[");
      (v as unknown[]).forEach((item, i) => {
        out.push(i === 0 ? "\n  " : ",\n  ");
        writeCompact(item, out);
      });
      out.push("\n ]");
    } else writeCompact(v, out);
  });
  out.push("\n}");
}

/** Compact JSON of `v` (arrays, plain objects, strings, numbers, bigints, booleans, null), without recursion. */
export function writeCompact(v: unknown, out: string[]): void {
  // Each frame: the container and the index of its next item; an object frame walks its key list.
  const stack: { items: unknown[]; keys: string[] | null; next: number }[] = [];
  let value: unknown = v;
  for (;;) {
    if (Array.isArray(value)) {
      out.push("[");
      stack.push({ items: value, keys: null, next: 0 });
    } else if (value !== null && typeof value === "object") {
      const keys = Object.keys(value);
      out.push("{");
      stack.push({ items: keys.map((k) => (value as Record<string, unknown>)[k]), keys, next: 0 });
    } else out.push(scalar(value));
    // Find the next value to write, closing the containers that are done.
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) return;
      if (top.next < top.items.length) {
        if (top.next > 0) out.push(", ");
        if (top.keys !== null) out.push(JSON.stringify(top.keys[top.next]), ": ");
        value = top.items[top.next++];
        break;
      }
      out.push(top.keys === null ? "]" : "}");
      stack.pop();
    }
  }
}

function scalar(v: unknown): string {
  if (typeof v === "bigint") return v.toString();
  if (v === undefined) return "null";
  return JSON.stringify(v);
}
