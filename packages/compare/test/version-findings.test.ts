import { beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../../../apps/cli/src/catalog";
import { bytes, count, ms } from "../src/format";
import { compareStrategies, type RunResult, versionFindings } from "../src/index";

// Real runs of small workloads under the four CPython versions; every number a finding quotes is
// checked against the results it was made from, and every cause against the profile facts and the
// data, never against a hard-coded text.
const VERSIONS = ["cpython-3.11", "cpython-3.12", "cpython-3.13", "cpython-3.14"];
const WORKLOADS = [
  { workload: "list-cycle", params: { count: 2000 } },
  { workload: "del-resources", params: { iterations: 500 } },
  { workload: "binary-trees", params: { depth: 8 } },
];

let results: RunResult[];
beforeAll(() => {
  results = compareStrategies(WORKLOADS, VERSIONS, { catalog, runs: 1, warmupRuns: 0 });
});

const run = (w: string, s: string): RunResult => results.find((r) => r.workload === w && r.strategy === s)!;
const auto = (r: RunResult) => r.collectionLog.filter((c) => c.reason === "threshold");
const young = (r: RunResult) => auto(r).filter((c) => c.generation === 0).length;
const threshold0 = (s: string) => catalog.get(s).create({}).profile!.gc.thresholds[0];
const allLines = (v: ReturnType<typeof versionFindings>) => [
  ...v.general,
  ...[...v.byWorkload.values()].flat(),
];

/** The part of a collections finding about `strategy`: `"cpython-3.13: 1 young collection, …"`. */
function partAbout(line: string, strategy: string): string | null {
  const m = line.match(new RegExp(`${strategy.replace(".", "\\.")}: ([^;]*?)(;|: |\\.$)`));
  return m ? m[1]! : null;
}

describe("versionFindings on real runs of the four versions", () => {
  it("carries each cpython-3.x run's profile facts, and none for a strategy that is not a CPython release", () => {
    for (const s of VERSIONS) {
      const r = run("list-cycle", s);
      const p = catalog.get(s).create({}).profile!;
      expect(r.cpython?.version).toBe(p.version);
      expect(r.cpython?.thresholds).toEqual([...p.gc.thresholds]);
      expect(r.cpython?.collector).toBe(p.gc.collector);
    }
    const other = compareStrategies([{ workload: "list-cycle", params: { count: 10 } }], ["refcount"], {
      catalog,
      runs: 1,
      warmupRuns: 0,
    });
    expect(other[0]!.cpython).toBeNull();
  });

  it("quotes each version's collections and pauses as the results measured them", () => {
    const v = versionFindings(results);
    let checked = 0;
    for (const [workload, lines] of v.byWorkload)
      for (const line of lines.filter((l) => /^cpython-3\.\d+: /.test(l)))
        for (const s of VERSIONS) {
          const part = partAbout(line, s);
          if (part === null || !/collection/.test(part)) continue;
          const r = run(workload, s);
          if (auto(r).length === 0) {
            expect(part).toBe("no automatic collection");
            continue;
          }
          const g0 = young(r);
          if (g0 > 0) expect(part).toContain(`${count(g0)} young`);
          else expect(part).not.toContain("young");
          expect(part).toContain(`${ms(r.totalPauseMs)} paused (longest ${ms(r.maxPauseMs)})`);
          checked++;
        }
    expect(checked).toBeGreaterThan(0);
  });

  it("claims the threshold change only where the collections ratio is near the thresholds' ratio", () => {
    const v = versionFindings(results);
    let claims = 0;
    for (const [workload, lines] of v.byWorkload)
      for (const line of lines) {
        const m = line.match(/^(cpython-3\.\d+): .*; (cpython-3\.\d+): .*threshold 0 from (\d+) to (\d+)/);
        if (!m) continue;
        const [b, a] = [m[1]!, m[2]!];
        expect(Number(m[3])).toBe(threshold0(a));
        expect(Number(m[4])).toBe(threshold0(b));
        const expected = (auto(run(workload, a)).length * threshold0(a)) / threshold0(b);
        const nb = auto(run(workload, b)).length;
        const near = Math.abs(nb - expected) <= 1 || (nb / expected <= 1.5 && expected / nb <= 1.5);
        expect(near).toBe(true);
        claims++;
      }
    // 3.12 → 3.13 raises threshold 0 on every workload here that collects under 3.12.
    expect(claims).toBeGreaterThan(0);
  });

  it("says 3.12's collections come one allocation later at the eval breaker, with the allocations measured", () => {
    const v = versionFindings(results);
    const line = allLines(v).find((l) => l.includes("eval-breaker") && l.startsWith("cpython-3.12"));
    expect(line).toBeDefined();
    const m = line!.match(/\((\S+): first at allocation ([\d,]+), not ([\d,]+)\)/)!;
    const [a, b] = [run(m[1]!, "cpython-3.11"), run(m[1]!, "cpython-3.12")];
    expect(m[2]).toBe(count(auto(b)[0]!.atAllocation));
    expect(m[3]).toBe(count(auto(a)[0]!.atAllocation));
    for (const { workload } of WORKLOADS) {
      const [ca, cb] = [auto(run(workload, "cpython-3.11")), auto(run(workload, "cpython-3.12"))];
      expect(cb.map((c) => c.atAllocation)).toEqual(ca.map((c) => c.atAllocation + 1));
    }
  });

  it("quotes when the finalizers ran under each version", () => {
    const v = versionFindings(results);
    const line = (v.byWorkload.get("del-resources") ?? []).find((l) => l.startsWith("Finalizers:"));
    expect(line).toBeDefined();
    for (const s of VERSIONS) {
      const i = line!.indexOf(`${s} ran `);
      if (i < 0) continue;
      const r = run("del-resources", s);
      const during = r.finalizers.filter((f) => f.phase === "run");
      const said = line!.slice(i + s.length + 5);
      if (during.length === 0) expect(said.startsWith("none during the run")).toBe(true);
      else {
        expect(said.startsWith(`${count(during.length)} during the run`)).toBe(true);
        expect(said).toContain(`first at allocation ${count(during[0]!.atAllocation)}`);
      }
    }
  });

  it("says what 3.12 starts with: its immortal containers, in bytes measured", () => {
    const v = versionFindings(results);
    const line = v.general.find((l) => l.startsWith("cpython-3.12 starts with"));
    expect(line).toBeDefined();
    const [a, b] = [run("list-cycle", "cpython-3.11"), run("list-cycle", "cpython-3.12")];
    expect(line).toContain(bytes(b.startUsedBytes - a.startUsedBytes));
    expect(line).toContain(
      `${count(catalog.get("cpython-3.12").create({}).profile!.gc.immortalContainersAtStart)} immortal`,
    );
  });
});

describe("versionFindings claims no cause the data contradicts", () => {
  // Real results edited to contradict the profiles: the finding must state the difference and stop.
  it("no threshold cause when the higher threshold collected more often", () => {
    const a = results.find((r) => r.workload === "binary-trees" && r.strategy === "cpython-3.12")!;
    const b = results.find((r) => r.workload === "binary-trees" && r.strategy === "cpython-3.13")!;
    const doubled = [...a.collectionLog, ...a.collectionLog];
    const contradicting: RunResult = { ...b, collectionLog: doubled };
    const v = versionFindings([a, contradicting]);
    const lines = v.byWorkload.get("binary-trees") ?? [];
    const collections = lines.find((l) => l.startsWith("cpython-3.13:"));
    expect(collections).toBeDefined();
    expect(collections).not.toContain("threshold 0");
  });

  it("no eval-breaker cause when 3.12's collections came other than one allocation later", () => {
    const a = results.find((r) => r.workload === "list-cycle" && r.strategy === "cpython-3.11")!;
    const b = results.find((r) => r.workload === "list-cycle" && r.strategy === "cpython-3.12")!;
    const late = b.collectionLog.map((c) => ({ ...c, atAllocation: c.atAllocation + 5 }));
    const v = versionFindings([a, { ...b, collectionLog: late }]);
    const all = allLines(v);
    expect(all.some((l) => l.includes("eval-breaker"))).toBe(false);
    expect(all.some((l) => l.includes(`came at allocation ${count(late[0]!.atAllocation)}`))).toBe(true);
  });

  it("says nothing with one version", () => {
    const v = versionFindings(results.filter((r) => r.strategy === "cpython-3.13"));
    expect(v.general).toEqual([]);
    expect(v.byWorkload.size).toBe(0);
  });
});
