import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { heaplab as run } from "./cli-process";
import { EXAMPLES } from "./referee";

const heaplab = (...args: string[]) => run(args);

describe("heaplab replay", () => {
  it("prints one result object for one trace and an array for several", () => {
    const one = heaplab("replay", "--strategy", "none", join(EXAMPLES, "node-cycle.json"));
    expect(one.status).toBe(0);
    expect(JSON.parse(one.stdout).trace).toBe("node-cycle");
    const two = heaplab(
      "replay",
      "--strategy",
      "none",
      join(EXAMPLES, "node-cycle.json"),
      join(EXAMPLES, "self-append.json"),
    );
    expect(JSON.parse(two.stdout).map((r: { trace: string }) => r.trace)).toEqual([
      "node-cycle",
      "self-append",
    ]);
  });

  it("refuses an invalid trace with its op index, exit status 2 and nothing on stdout", () => {
    const dir = mkdtempSync(join(tmpdir(), "heaplab-bad-"));
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({
        format: "heaplab-trace/1",
        ops: [
          ["list", 0, []],
          ["weakref", 1, 0, "t"],
        ],
      }),
    );
    const r = heaplab("replay", "--strategy", "none", bad);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("op 1: TypeError: cannot create weak reference to 'list' object");
    const truncated = join(dir, "truncated.json");
    writeFileSync(truncated, '{"format": "heaplab-trace/1", "ops": [["list", 0');
    const t = heaplab("replay", "--strategy", "none", truncated);
    expect(t.status).toBe(2);
    expect(t.stderr).toContain("not valid JSON");
  });

  it("names the known strategies when given an unknown one", () => {
    const r = heaplab("replay", "--strategy", "nope", join(EXAMPLES, "node-cycle.json"));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown strategy 'nope'; known strategies: none");
  });

  it("prints big ints exactly and refuses a trace past a limit on one line with exit status 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "heaplab-limits-"));
    const big = join(dir, "big.json");
    writeFileSync(
      big,
      '{"format": "heaplab-trace/1", "registers": 2, "ops": [["int", 0, 123456789012345678901234567890]]}',
    );
    const ok = heaplab("replay", "--strategy", "none", big);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('["int", 123456789012345678901234567890]');
    const huge = join(dir, "huge\u001b.json");
    writeFileSync(
      huge,
      `{"format": "heaplab-trace/1", "registers": 2, "ops": [["int", 0, 1${"0".repeat(5000)}]]}`,
    );
    const r = heaplab("replay", "--strategy", "none", huge);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    // One line from the command's error handler, the escape byte in the file name shown, not sent.
    expect(r.stderr).toBe(`heaplab: ${join(dir, "huge\\x1b.json")}: an int has more than 4300 digits\n`);
  });
});
