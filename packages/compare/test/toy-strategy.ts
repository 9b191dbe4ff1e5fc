import {
  type CollectReason,
  type Constraints,
  type HeapServices,
  NoneStrategy,
  type StrategyEntry,
} from "@heaplab/runtime";

/**
 * A test double: the `none` strategy with two generations whose `collect` frees nothing but reports
 * each collection on the event stream with a pause of `pauses[k]` ms (the k-th collection), as a real
 * collector does. It lets the engine's bookkeeping be checked against numbers the test chose.
 */
export function toyEntry(pauses: readonly number[]): StrategyEntry {
  return {
    name: "toy",
    description: "test double",
    create: () => {
      const s = new NoneStrategy();
      let heap!: HeapServices;
      let k = 0;
      const constraints: Constraints = { ...s.constraints, generations: 2, generational: true };
      Object.defineProperty(s, "constraints", { value: constraints });
      const attach = s.attach.bind(s);
      s.attach = (h) => {
        heap = h;
        attach(h);
      };
      s.collect = (generation: number, reason: CollectReason) => {
        const seq = heap.nextGcSeq();
        const held = heap.os.heldBytes;
        const at = heap.allocations();
        heap.events.emit({ type: "gc-start", seq, generation, reason, heapBytes: held, atAllocation: at });
        heap.events.emit({
          type: "gc-end",
          seq,
          generation,
          reason,
          pauseMs: pauses[k++] ?? 0,
          collected: 0,
          uncollectable: 0,
          freedBytes: 0,
          movedBytes: 0,
          promotedBytes: 0,
          heapBytesBefore: held,
          heapBytesAfter: held,
          atAllocation: at,
        });
        return 0;
      };
      return s;
    },
  };
}
