import { loop } from "../classes";
import { numParam, type Workload } from "../workload";

/**
 * Many short-lived temporaries: the generational hypothesis.
 *
 * @example
 * temporaries.run(rt, { iterations: 1000, keepEvery: 100 }, createWorkloadContext(rt));
 */
export const temporaries: Workload = {
  name: "temporaries",
  title: "Many short-lived temporaries",
  description:
    "Each iteration builds a few temporaries (a list, a tuple, a str) and keeps one result in `keepEvery`. Most " +
    "objects die young — the generational hypothesis — so a young-generation collection finds almost everything " +
    "dead and promotes little, while a whole-heap collector re-examines the survivors every time.",
  params: { iterations: 20000, keepEvery: 100 },
  tags: ["generational"],
  run(rt, params, ctx) {
    const keepEvery = numParam(params, "keepEvery");
    ctx.site("temps.py:2 <module>");
    const survivors = ctx.global("results", rt.newList());
    loop(
      rt,
      numParam(params, "iterations"),
      (i) => {
        ctx.site("temps.py:6 step");
        const parts = rt.newList([rt.newInt(1000 + i), rt.newInt(2000 + i)]);
        const label = rt.newStr(`item-${i}`);
        const pair = rt.newTuple([label, parts]);
        if (i % keepEvery === 0) rt.append(survivors, pair);
      },
      (d, t) => ctx.progress(d, t),
    );
  },
};
