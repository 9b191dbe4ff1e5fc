import { fromGc } from "@heaplab/refcount/internals";
import { type GenerationalCollector, HEAD_PERMANENT, NUM_GENERATIONS } from "./collector";
import { listSize } from "./gc-list";

/** Writes one `DEBUG_*` line as CPython prints it to stderr: a `log` event, and the writer if any. */
export function debugLine(c: GenerationalCollector, text: string): void {
  c.heap.heap.events.emit({ type: "log", text });
  c.writer?.(`${text}\n`);
}

/** Step 1 under DEBUG_STATS: the generation and the sizes of every generation before the merge. */
export function debugStart(c: GenerationalCollector, generation: number): number {
  debugLine(c, `gc: collecting generation ${generation}...`);
  let sizes = "";
  for (let i = 0; i < NUM_GENERATIONS; i++) sizes += ` ${listSize(c.u32, c.head(i))}`;
  debugLine(c, `gc: objects in each generation:${sizes}`);
  debugLine(c, `gc: objects in permanent generation: ${listSize(c.u32, c.head(HEAD_PERMANENT))}`);
  return performance.now();
}

/** `gc: done, N unreachable, N uncollectable, T.TTTTs elapsed`. */
export function debugDone(
  c: GenerationalCollector,
  unreachable: number,
  uncollectable: number,
  t0: number,
): void {
  const s = ((performance.now() - t0) / 1000).toFixed(4);
  debugLine(c, `gc: done, ${unreachable} unreachable, ${uncollectable} uncollectable, ${s}s elapsed`);
}

/** `debug_cycle`: `gc: collectable <list 0x…>`. */
export function debugCycle(c: GenerationalCollector, msg: string, g: number): void {
  const op = fromGc(g);
  debugLine(c, `gc: ${msg} <${c.heap.model.typeOf(op).name} 0x${op.toString(16)}>`);
}
