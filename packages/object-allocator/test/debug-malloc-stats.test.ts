import { describe, expect, it } from "vitest";
import { CPythonFreeLists } from "../src";
import { freeListLine, printone } from "../src/internals";
import { newHeap } from "./helpers";

describe("printone and the free-list line format", () => {
  it("reproduces lines of the CPython 3.11.7 sample verbatim", () => {
    expect(printone("# arenas allocated total", 4)).toBe(
      "# arenas allocated total           =                    4",
    );
    expect(printone("4 arenas * 1048576 bytes/arena", 4_194_304)).toBe(
      "4 arenas * 1048576 bytes/arena     =            4,194,304",
    );
    expect(printone("# bytes lost to arena map root", 262_144)).toBe(
      "# bytes lost to arena map root     =              262,144",
    );
    expect(freeListLine({ name: "free PyListObject", count: 40, size: 40 })).toBe(
      "           40 free PyListObjects * 40 bytes each =                1,600",
    );
  });

  it("prints the sample's free-list section for the same counts", () => {
    const fl = new CPythonFreeLists();
    for (let i = 0; i < 8; i++) fl.pushDict(0x1000 + i * 16);
    for (let i = 0; i < 4; i++) fl.pushFloat(0x2000 + i * 16);
    for (let i = 0; i < 40; i++) fl.pushList(0x3000 + i * 16);
    for (let i = 0; i < 4; i++) fl.pushTuple(1, 0x4000 + i * 16);
    for (let i = 0; i < 8; i++) fl.pushTuple(2, 0x5000 + i * 16);
    for (let i = 0; i < 6; i++) fl.pushTuple(20, 0x6000 + i * 16);
    const lines = fl.debugLines().map(freeListLine);
    expect(lines.length).toBe(3 + 20);
    expect(lines[0]).toBe("            8 free PyDictObjects * 48 bytes each =                  384");
    expect(lines[1]).toBe("           4 free PyFloatObjects * 24 bytes each =                   96");
    expect(lines[2]).toBe("           40 free PyListObjects * 40 bytes each =                1,600");
    expect(lines[3]).toBe("   4 free 1-sized PyTupleObjects * 32 bytes each =                  128");
    expect(lines[4]).toBe("   8 free 2-sized PyTupleObjects * 40 bytes each =                  320");
    expect(lines[22]).toBe(" 6 free 20-sized PyTupleObjects * 184 bytes each =                1,104");
  });
});

describe("sys._debugmallocstats() for a known sequence", () => {
  it("matches CPython's arithmetic line by line", () => {
    const { obj } = newHeap();
    const small = Array.from({ length: 100 }, () => obj.malloc(16));
    for (let i = 0; i < 200; i++) obj.malloc(100);
    for (let i = 0; i < 40; i++) obj.malloc(512);
    obj.malloc(1000); // raw: not in the table
    for (const p of small.slice(0, 10)) obj.free(p);
    const fl = new CPythonFreeLists();
    fl.pushFloat(0x9000);

    // Expected values, worked out from obmalloc.c's formulas (not from the allocator):
    //  class 0 (16 B):  NUMBLOCKS 1021, 1 pool, 90 in use, avail 1021-90 = 931
    //  class 6 (112 B): NUMBLOCKS 16336/112 = 145, 200 blocks -> 2 pools, avail 290-200 = 90
    //  class 31 (512 B): NUMBLOCKS 31, 40 blocks -> 2 pools, avail 62-40 = 22
    //  one arena, mapped at 4096 + 256 KiB (not 16 KiB aligned): 63 pools, 5 used -> 58 unused
    //  allocated = 90*16 + 200*112 + 40*512 = 44,320; available = 931*16 + 90*112 + 22*512 = 36,240
    //  unused = 58*16384 = 950,272; headers = 5*48 = 240
    //  quantization = 2*(16336 % 112) + 2*(16336 % 512) = 2*96 + 2*464 = 1,120; alignment = 16,384
    //  total = 1,048,576 = 1 arena
    const expected = [
      "Small block threshold = 512, in 32 size classes.",
      "",
      "class   size   num pools   blocks in use  avail blocks",
      "-----   ----   ---------   -------------  ------------",
      "    0     16           1              90           931",
      "    6    112           2             200            90",
      "   31    512           2              40            22",
      "",
      "# arenas allocated total           =                    1",
      "# arenas reclaimed                 =                    0",
      "# arenas highwater mark            =                    1",
      "# arenas allocated current         =                    1",
      "1 arenas * 1048576 bytes/arena     =            1,048,576",
      "",
      "# bytes in allocated blocks        =               44,320",
      "# bytes in available blocks        =               36,240",
      "58 unused pools * 16384 bytes      =              950,272",
      "# bytes lost to pool headers       =                  240",
      "# bytes lost to quantization       =                1,120",
      "# bytes lost to arena alignment    =               16,384",
      "Total                              =            1,048,576",
      "",
      "arena map counts",
      "# arena map mid nodes              =                    1",
      "# arena map bot nodes              =                    1",
      "",
      "# bytes lost to arena map root     =              262,144",
      "# bytes lost to arena map mid      =              262,144",
      "# bytes lost to arena map bot      =              131,072",
      "Total                              =              655,360",
      "",
      "            0 free PyDictObjects * 48 bytes each =                    0",
      "           1 free PyFloatObjects * 24 bytes each =                   24",
    ];
    const lines = obj.debugMallocStats(fl.debugLines()).split("\n");
    expect(lines.slice(0, expected.length)).toEqual(expected);
    expect(lines.length).toBe(expected.length + 1 + 20 + 1); // list line, 20 tuple lines, final newline
    expect(obj.allocatedBlocks()).toBe(90 + 200 + 40 + 1);
  });

  it("counts reclaimed arenas and the high-water mark", () => {
    const { obj } = newHeap();
    const ps = Array.from({ length: 63 * 2 * 1021 }, () => obj.malloc(16));
    for (const p of ps.slice(0, 63 * 1021)) obj.free(p); // arena 1 empty; it is the last usable: kept
    for (const p of ps.slice(63 * 1021)) obj.free(p); // arena 2 empty: arena 1 is not last: released
    const text = obj.debugMallocStats();
    expect(text).toContain("# arenas allocated total           =                    2\n");
    expect(text).toContain("# arenas reclaimed                 =                    1\n");
    expect(text).toContain("# arenas highwater mark            =                    2\n");
    expect(text).toContain("# arenas allocated current         =                    1\n");
    // The kept arena: its 63 pools are all unused (empty or never carved), none in the table.
    expect(text).toContain("63 unused pools * 16384 bytes      =            1,032,192\n");
    expect(text).toContain("-----   ----   ---------   -------------  ------------\n\n# arenas");
  });
});
