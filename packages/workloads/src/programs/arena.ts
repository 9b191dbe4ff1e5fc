import { loop } from "../classes";
import { numParam, type Workload } from "../workload";

/**
 * Seed 003: allocate many small objects, free them all, and see whether the memory goes back to the
 * operating system. The blocks are floats (the smallest object the mutator API makes: 24 bytes under
 * `cpython-3.11`, where the seed's blocks were 16), held in lists of `chunk` so no single list owns a
 * huge item array.
 *
 * @example
 * arenaRelease.run(rt, { ...arenaRelease.params, blocks: 65536 }, createWorkloadContext(rt));
 */
export const arenaRelease: Workload = {
  name: "arena-release",
  title: "Seed 003: ten million small blocks, then free them",
  description:
    "Allocates `blocks` small objects (10×1024×1024 in the seed), drops them all and collects. Whether the bytes go " +
    "back to the operating system is policy: pymalloc unmaps an arena only when every pool in it is empty, and " +
    "`cpython-3.11`'s `neverReleaseArenas` setting (Python before 2.5) keeps them all; compacting collectors shrink " +
    "their spaces instead.",
  params: { blocks: 10 * 1024 * 1024, chunk: 1024 },
  tags: ["allocator"],
  run(rt, params, ctx) {
    const blocks = numParam(params, "blocks");
    const chunk = numParam(params, "chunk");
    ctx.site("seed003.py:2 <module>");
    const all = ctx.global("blocks", rt.newList());
    const chunks = Math.ceil(blocks / chunk);
    loop(
      rt,
      chunks,
      (c) => {
        ctx.site("seed003.py:4 <listcomp>");
        const part = rt.newList();
        const n = Math.min(chunk, blocks - c * chunk);
        for (let i = 0; i < n; i++) {
          const mark = rt.openScope();
          rt.append(part, rt.newFloat(c * chunk + i + 0.5));
          rt.closeScope(mark);
        }
        rt.append(all, part);
      },
      (d, t) => ctx.progress(d, t),
      16,
    );
    ctx.print(`allocated ${blocks} blocks; held ${rt.stats().heldBytes} bytes`);
    // del blocks; gc.collect()
    rt.clear(all);
    rt.collect();
    const s = rt.stats();
    ctx.print(`after del + collect: held ${s.heldBytes} bytes, returned ${s.returnedBytes} bytes`);
  },
};
