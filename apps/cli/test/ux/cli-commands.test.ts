import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { workloads } from "@heaplab/workloads";
import { describe, expect, it } from "vitest";
import { catalog } from "../../src/catalog";
import { heaplab } from "../cli-process";
import { EXAMPLES } from "../referee";

/** A failure is exactly one line on standard error, without a JavaScript stack. */
function expectOneLineFailure(r: ReturnType<typeof heaplab>, status: number, text: string): void {
  expect(r.status, r.stderr).toBe(status);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).toContain(text);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const small = ["--workload", "list-cycle", "--strategy", "none", "--param", "count=10"];

describe("the heaplab command as a new user meets it", () => {
  it("strategies --json lists every strategy's constraints without building a heap", () => {
    const r = heaplab(["strategies", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; constraints: { minHeapBytes: number | null } }[];
    expect(list.map((s) => s.name)).toEqual(catalog.names());
    expect(list.find((s) => s.name === "none")?.constraints.minHeapBytes).toBe(1 << 20);
  });

  it("accepts heap limits with units and refuses the rest in one line", () => {
    const ok = heaplab(["compare", ...small, "--heap-limit", "16MiB", "--json"]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)[0].error).toBeNull();
    expectOneLineFailure(
      heaplab(["compare", ...small, "--heap-limit", "16MB"]),
      2,
      "--heap-limit takes a size",
    );
  });

  it("refuses bad seeds, params and settings before running, one line each", () => {
    expectOneLineFailure(heaplab(["compare", ...small, "--seed", "abc"]), 2, "--seed takes a whole number");
    expectOneLineFailure(
      heaplab(["compare", "--workload", "list-cycle", "--strategy", "none", "--param", "count=abc"]),
      2,
      "--param count takes a number",
    );
    expectOneLineFailure(
      heaplab(["compare", ...small, "--strategy", "refcount", "--setting", "foo=1"]),
      2,
      "no chosen strategy has a setting 'foo' (none: none; refcount: neverReleaseArenas, debugHooks)",
    );
    expectOneLineFailure(
      heaplab(["compare", ...small, "--strategy", "refcount", "--setting", "neverReleaseArenas=yes"]),
      2,
      "takes true, false, 1 or 0, not 'yes'",
    );
  });

  it("exits non-zero when every run of a comparison failed", () => {
    // A 1 MiB heap holds far fewer than 100,000 list pairs under a strategy that never frees.
    const r = heaplab([
      "compare",
      "--workload",
      "list-cycle",
      "--strategy",
      "none",
      "--param",
      "count=100000",
      "--heap-limit",
      "1MiB",
      "--json",
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("every run failed (1 of 1)");
    expect(r.stderr).not.toContain("MemoryError: MemoryError");
  });

  it("replay takes --heap-limit and refuses a negative --baseline by name", () => {
    const node = join(EXAMPLES, "node-cycle.json");
    const ok = heaplab(["replay", "--strategy", "none", "--heap-limit", "16MiB", node]);
    expect(ok.status, ok.stderr).toBe(0);
    expectOneLineFailure(
      heaplab(["replay", "--baseline", "-5", node]),
      2,
      "--baseline takes a whole number ≥ 0, not '-5'",
    );
  });

  it("lists the workloads (command, compare --help) and documents the settings; help works", () => {
    const list = heaplab(["workloads"]);
    expect(list.status).toBe(0);
    for (const w of workloads) expect(list.stdout).toContain(`  ${w.name} `);
    const help = heaplab(["help", "compare"]);
    expect(help.status).toBe(0);
    for (const w of workloads) expect(help.stdout).toContain(w.name);
    expect(help.stdout).toContain("neverReleaseArenas (boolean, default false)");
    expect(heaplab(["compare", "--help"]).stdout).toBe(help.stdout);
    expect(heaplab(["help"]).stdout).toContain("workloads");
    expectOneLineFailure(heaplab(["frobnicate"]), 2, "unknown command 'frobnicate'");
  });

  it("prints no colour codes to a pipe or with NO_COLOR, and colours with FORCE_COLOR", () => {
    const esc = "\u001b[";
    expect(heaplab(["compare", ...small]).stdout).not.toContain(esc);
    expect(heaplab(["compare", ...small], { FORCE_COLOR: "1", NO_COLOR: "1" }).stdout).not.toContain(esc);
    expect(heaplab(["compare", ...small], { FORCE_COLOR: "1" }).stdout).toContain(esc);
  });

  it("inspect --snapshot never replaces a file without --force; an unwritable path comes after the report", () => {
    const dir = mkdtempSync(join(tmpdir(), "heaplab-snap-"));
    const target = join(dir, "heap.heapsnapshot");
    writeFileSync(target, "keep me");
    const inspect = ["inspect", "--workload", "list-cycle", "--strategy", "none", "--iterations", "5"];
    expectOneLineFailure(heaplab([...inspect, "--snapshot", target]), 1, "already exists; give --force");
    expect(readFileSync(target, "utf8")).toBe("keep me");
    const forced = heaplab([...inspect, "--snapshot", target, "--force"]);
    expect(forced.status, forced.stderr).toBe(0);
    expect(JSON.parse(readFileSync(target, "utf8")).snapshot).toBeDefined();
    const bad = heaplab([...inspect, "--snapshot", join(dir, "no", "such", "dir.heapsnapshot")]);
    expectOneLineFailure(bad, 1, "cannot write");
    expect(bad.stdout).toContain("Growth (leak finder):");
  });
});
