import { runPython } from "@heaplab/python";
import { Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { catalog } from "./helpers";

describe("runPython's hooks for tools", () => {
  it("calls beforeShutdown once, after the last line and before shutdown finalizes the globals", () => {
    const rt = new Runtime(catalog.get("cpython-3.11").create({}), {});
    const src = [
      "from collections import defaultdict",
      "class R:",
      "    def __del__(self):",
      "        print('del')",
      "r = R()",
      "d = defaultdict(list)",
      "d['a'].append(1)",
      "print('end')",
      "",
    ].join("\n");
    const events: string[] = [];
    const lines = new Set<string>();
    runPython(rt, src, {
      filename: "hooks.py",
      stdout: (t) => events.push(t.trim()),
      onLine: (line, filename) => lines.add(`${filename}:${line}`),
      beforeShutdown: (globals) => events.push(`hook: ${rt.len(globals)} globals`),
    });
    // __name__, __file__, defaultdict, R, r, d are still set when the hook runs; __del__ comes after
    expect(events).toEqual(["end", "hook: 6 globals", "del"]);
    expect(lines.has("hooks.py:7")).toBe(true);
    // the lines of a module written in Python carry their own file name, not the program's
    expect([...lines].every((l) => l.startsWith("hooks.py:") || l.startsWith("<"))).toBe(true);
    expect([...lines].some((l) => l.startsWith("<"))).toBe(true);
    rt.verify();
  });

  it("does not call beforeShutdown for refused syntax, and calls it after an uncaught exception", () => {
    let calls = 0;
    const hook = { beforeShutdown: () => calls++ };
    const rt = () => new Runtime(catalog.get("cpython-3.11").create({}), {});
    expect(runPython(rt(), "print(2j)\n", hook).exitCode).toBe(2);
    expect(calls).toBe(0);
    expect(runPython(rt(), "x = [1]\nraise ValueError('v')\n", hook).exitCode).toBe(1);
    expect(calls).toBe(1);
  });
});

describe("onLine", () => {
  it("comes back to the caller's line when a call or a generator's step returns", () => {
    const rt = new Runtime(catalog.get("cpython-3.11").create({}), {});
    const src = [
      "def f():",
      "    return 1",
      "def g():",
      "    yield 2",
      "big = (f(), [0] * 50, next(g()))",
      "",
    ].join("\n");
    const seen: number[] = [];
    runPython(rt, src, { filename: "back.py", onLine: (line) => seen.push(line) });
    // line 5 calls f (line 2), comes back to 5, steps g (line 4), comes back to 5
    expect(seen.slice(seen.indexOf(5))).toEqual([5, 2, 5, 4, 5]);
  });
});
