import { ConfigError, Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { tracingStrategies } from "../src/index";

/**
 * Issue 16 item 9: each tracing strategy states its minimum heap as data and is built at any limit at or
 * above it; a smaller limit and bad settings are ConfigErrors raised at construction.
 */
describe.each(tracingStrategies.map((e) => [e.name, e] as const))("%s's options", (_name, entry) => {
  const min = entry.create({}).constraints.minHeapBytes;

  it("states a minimum heap and runs a program at exactly that limit and at 24 MiB", () => {
    expect(min).toBeGreaterThan(0);
    for (const limit of [min!, 24 << 20, (24 << 20) + 12_345]) {
      const rt = new Runtime(entry.create({ heapLimit: limit }), { heapLimit: limit });
      const keep = rt.persistent(rt.newList());
      for (let i = 0; i < 20_000; i++)
        rt.scope(() => {
          const x = rt.newList([rt.newInt(i), rt.newStr(`s${i}`)]);
          if (i % 100 === 0) rt.append(keep, x);
        });
      rt.collect();
      rt.verify();
      expect(rt.len(keep)).toBe(200);
    }
  });

  it("refuses a heap limit one byte below its minimum, and a runtime whose limit is below it", () => {
    expect(() => entry.create({ heapLimit: min! - 1 })).toThrow(ConfigError);
    expect(() => entry.create({ heapLimit: min! - 1 })).toThrow(/needs a heap limit of at least/);
    expect(() => new Runtime(entry.create({}), { heapLimit: min! - 1 })).toThrow(ConfigError);
  });

  it("refuses unknown settings and values of the wrong type", () => {
    expect(() => entry.create({ settings: { "no-such-setting": 1 } })).toThrow(
      /has no setting 'no-such-setting'/,
    );
    const first = knownNumeric(entry.name);
    for (const bad of ["abc", true, "", Number.NaN])
      expect(() => entry.create({ settings: { [first]: bad } })).toThrow(ConfigError);
  });
});

/**
 * Every bad setting is a ConfigError (the runtime's error hierarchy, so the CLI reports it as a usage
 * error without re-wrapping) whose message is one line naming the plan and the setting.
 */
describe("bad settings are one-line ConfigErrors", () => {
  type Case = [strategy: string, settings: Record<string, string | number>, says: RegExp];
  const cases: Case[] = [
    ...tracingStrategies.map(
      (e) => [e.name, { "no-such-setting": 1 }, /has no setting 'no-such-setting'; its settings are/] as Case,
    ),
    ...tracingStrategies.map(
      (e) => [e.name, { [knownNumeric(e.name)]: "12 MiB" }, /must be a number, got "12 MiB"/] as Case,
    ),
    ["mark-sweep", { sweep: "fast" }, /setting 'sweep' must be "lazy" or "eager", got "fast"/],
    ["mark-sweep", { sweep: 1 }, /setting 'sweep' must be "lazy" or "eager", got 1/],
    ["jvm-serial", { "new-ratio": 0 }, /setting 'new-ratio' must be at least 1, got 0/],
    ["jvm-serial", { "survivor-ratio": -2 }, /setting 'survivor-ratio' must be at least 1, got -2/],
    ["jvm-serial", { "max-tenuring-threshold": 16 }, /'max-tenuring-threshold' must be from 0 to 15, got 16/],
    ["gencopy", { "nursery-bytes": 0 }, /setting 'nursery-bytes' must be at least 1, got 0/],
  ];
  it.each(cases)("%s %j", (strategy, settings, says) => {
    const entry = tracingStrategies.find((e) => e.name === strategy)!;
    let error: unknown;
    try {
      entry.create({ settings });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(says);
    expect(message).toContain(`'${strategy}'`);
    expect(message).not.toMatch(/[\r\n]/);
  });

  it("a heap limit below the minimum is a one-line ConfigError too", () => {
    for (const entry of tracingStrategies) {
      const min = entry.create({}).constraints.minHeapBytes!;
      const error = (() => {
        try {
          entry.create({ heapLimit: min - 1 });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe(
        `'${entry.name}' needs a heap limit of at least ${min} bytes, got ${min - 1}`,
      );
    }
  });
});

/** One numeric setting each plan knows. */
function knownNumeric(name: string): string {
  return (
    {
      "mark-sweep": "min-heap",
      "mark-compact": "region-bytes",
      semispace: "semispace-bytes",
      "jvm-serial": "initial-heap",
      clr: "GCgen0size",
      gencopy: "nursery-bytes",
    } as Record<string, string>
  )[name]!;
}
