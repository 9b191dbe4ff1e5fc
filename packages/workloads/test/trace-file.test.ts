import { join, resolve } from "node:path";
import { createNoneStrategy, Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { createWorkloadContext, getWorkload } from "../src/index";

const EXAMPLE = join(resolve(__dirname, "../../../../shared/trace/examples"), "seed-list-cycle.json");

describe("the trace workload", () => {
  it("replays a trace file on the runtime it is handed", () => {
    const rt = new Runtime(createNoneStrategy(), { heapLimit: 16 << 20 });
    getWorkload("trace").run(rt, { file: EXAMPLE }, createWorkloadContext(rt));
    // seed-list-cycle is `a = []; b = [a]; a.append(b)`: the none strategy never frees, so its heap
    // holds exactly those two lists, each holding the other, beside the register list the replayer
    // keeps in the heap as the referee keeps `R`.
    const lists: number[] = [];
    rt.strategy.forEachObject((o) => {
      if (rt.model.typeOf(o).name === "list") lists.push(o);
    });
    expect(lists.length).toBe(3);
    const firstItem = (l: number) => rt.memory.u32[rt.memory.u32[(l + 16) >>> 2]! >>> 2]!;
    const cycle = lists.filter((l) => firstItem(l) !== 0 && firstItem(firstItem(l)) === l);
    expect(cycle.length).toBe(2);
    expect(firstItem(cycle[0]!)).toBe(cycle[1]);
    rt.verify();
  });

  it("says what it needs when no file is given", () => {
    const rt = new Runtime(createNoneStrategy(), { heapLimit: 16 << 20 });
    expect(() => getWorkload("trace").run(rt, { file: "" }, createWorkloadContext(rt))).toThrow(
      "--param file=TRACE.json",
    );
  });
});
