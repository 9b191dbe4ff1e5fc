import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeaplabError } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { sweepCommand } from "../src/commands/sweep";

const small = {
  workload: "list-cycle",
  param: "count=200",
  strategy: "mark-sweep,cpython-3.11",
  multiples: "1.5,3",
  runs: 1,
  workers: 2,
};

describe("heaplab sweep", () => {
  it("two shards on a worker pool, merged into one result with CSV, JSON and an SVG chart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "heaplab-sweep-"));
    const a = await sweepCommand([], { ...small, shard: "1/2", out: dir });
    const b = await sweepCommand([], { ...small, shard: "2/2", out: dir });
    expect(a.planHash).toBe(b.planHash);
    expect(a.pairs.map((p) => p.strategy)).toEqual(["mark-sweep"]);
    expect(b.pairs.map((p) => p.strategy)).toEqual(["cpython-3.11"]);
    const merged = await sweepCommand(
      ["merge", join(dir, "sweep-shard-2-of-2.json"), join(dir, "sweep-shard-1-of-2.json")],
      { out: dir },
    );
    expect(merged.pairs.map((p) => p.strategy)).toEqual(["mark-sweep", "cpython-3.11"]);
    for (const p of merged.pairs) {
      expect(p.minHeapBytes).toBeGreaterThan(0);
      expect(p.points.every((q) => q.completed === 1)).toBe(true);
    }
    const svg = readFileSync(join(dir, "sweep-list-cycle.svg"), "utf8");
    expect(svg).toContain("heap size (× minimum heap, log scale)");
    expect(svg).toContain("wall time (ms, median, log scale)");
    expect(svg).toContain("How to read");
    const csv = readFileSync(join(dir, "sweep.csv"), "utf8").trim().split("\n");
    expect(csv).toHaveLength(1 + 2 * 2);
    expect(JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8")).planHash).toBe(a.planHash);

    // A shard of another sweep (other multiples: another job list) is refused at merge.
    const other = await sweepCommand([], { ...small, multiples: "2", shard: "2/2", out: join(dir, "other") });
    expect(other.planHash).not.toBe(a.planHash);
    await expect(
      sweepCommand(
        ["merge", join(dir, "sweep-shard-1-of-2.json"), join(dir, "other", "sweep-shard-2-of-2.json")],
        {
          out: dir,
        },
      ),
    ).rejects.toThrow(/from another sweep/);
    writeFileSync(join(dir, "junk.json"), "{");
    await expect(sweepCommand(["merge", join(dir, "junk.json")], { out: dir })).rejects.toThrow(
      /is not JSON/,
    );
  });

  it("refuses bad input before running anything", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ workload: "nope" }, /unknown workload 'nope'/],
      [{ strategy: "nope" }, /unknown strategy 'nope'/],
      [{ multiples: "0.5,2" }, /at least 1/],
      [{ multiples: "2,x" }, /--multiples takes numbers/],
      [{ shard: "3/2" }, /--shard takes i\/n/],
      [{ runs: 0 }, /--runs takes a whole number/],
    ];
    for (const [opts, message] of cases) {
      const p = sweepCommand([], { ...small, ...opts, out: join(tmpdir(), "never-written") });
      await expect(p).rejects.toThrow(HeaplabError);
      await expect(p).rejects.toThrow(message);
    }
  });

  it("exits 2 with one line on bad input", () => {
    const r = spawnSync(
      process.execPath,
      ["--conditions=@heaplab/source", "--import", "tsx", "src/bin.ts", "sweep", "--multiples", "0.5"],
      { encoding: "utf8", cwd: join(import.meta.dirname, "..") },
    );
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^heaplab: heap multiples must be at least 1/);
  });
});
