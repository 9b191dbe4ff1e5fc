import { checkPythonSyntax, runPython } from "@heaplab/python";
import { Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { catalog, run } from "./helpers";

describe("the interpreter", () => {
  it("runs a first program", () => {
    const r = run(
      "def greet(name):\n    return f'hello {name}!'\nprint(greet('heap'), 2 ** 10, 7 // 2, -7 % 3)\n",
    );
    expect(r.stdout).toBe("hello heap! 1024 3 2\n");
    expect(r.exitCode).toBe(0);
  });

  it("counts references where CPython 3.11's frame holds them", () => {
    const src = [
      "import sys",
      "a = []",
      "def f(x):",
      "    return sys.getrefcount(x)",
      "print(sys.getrefcount(a), f(a))",
      "b = a",
      "print(sys.getrefcount(a))",
    ].join("\n");
    const py = run(src);
    // global a (1) + the argument (1); inside f: + f's local x.
    expect(py.stdout).toBe("2 3\n3\n");
  });

  it("prints CPython's traceback and exits 1 on an uncaught exception", () => {
    const r = run("def f():\n    return x\nf()\n", "cpython-3.11", "x.py");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'Traceback (most recent call last):\n  File "x.py", line 3, in <module>\n    f()\n  File "x.py", line 2, in f\n    return x\nNameError: name \'x\' is not defined\n',
    );
  });

  it("refuses unsupported syntax before running, with FILE:LINE:COL and exit 2", () => {
    const r = run("print('never')\nx = 3j\n", "cpython-3.11", "c.py");
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("c.py:2:5: a complex literal is not supported\n");
  });

  it("reports a syntax error with its position", () => {
    expect(checkPythonSyntax("x = (\n")).toEqual({ line: 2, column: 1, message: "invalid syntax" });
    expect(checkPythonSyntax("x = 1\n")).toBeNull();
  });

  it("raises RecursionError at CPython's limit, catchable", () => {
    const r = run(
      "def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    print('caught', e)\n",
    );
    expect(r.stdout).toBe("caught maximum recursion depth exceeded\n");
  });

  it("raises MemoryError at the heap limit, catchable, and leaves the heap consistent", () => {
    const src =
      "keep = []\ntry:\n    while True:\n        keep.append([0] * 10000)\nexcept MemoryError:\n    n = len(keep)\n    keep = None\n    print('out of memory after', n > 10)\n";
    for (const strategy of ["cpython-3.11", "mark-sweep"]) {
      const heapLimit = 8 * 1024 * 1024;
      const r = run(src, strategy, "m.py", [], heapLimit);
      expect(r.stdout).toBe("out of memory after True\n");
      r.rt.verify();
    }
  });

  it("passes ARGS as sys.argv[1:]", () => {
    const r = run("import sys\nprint(sys.argv[1:])\n", "cpython-3.11", "a.py", ["x", "y"]);
    expect(r.stdout).toBe("['x', 'y']\n");
  });

  it("runs closures, generators, comprehensions, classes with properties and with-statements", () => {
    const src = [
      "def counter():",
      "    n = 0",
      "    def inc():",
      "        nonlocal n",
      "        n += 1",
      "        return n",
      "    return inc",
      "c = counter(); c(); print(c())",
      "def gen(k):",
      "    for i in range(k):",
      "        yield i * i",
      "print(list(gen(4)), sum(x for x in gen(3)), {k: v for k, v in zip('ab', [1, 2])})",
      "class P:",
      "    def __init__(self): self._v = 1",
      "    @property",
      "    def v(self): return self._v * 10",
      "print(P().v, [1, 2, 3][::-1], 'a%sb%d' % ('x', 5), 1 < 2 < 3, 3 > 2 > 5)",
    ].join("\n");
    const r = run(src);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("2\n[0, 1, 4, 9] 5 {'a': 1, 'b': 2}\n10 [3, 2, 1] axb5 True False\n");
  });

  it("prints memory_profiler's report for @profile functions, measured from the heap", () => {
    const src = [
      "from memory_profiler import profile",
      "",
      "@profile",
      "def f():",
      "    a = [1] * (10 ** 6)",
      "    del a",
      "    return 1",
      "",
      "f()",
    ].join("\n");
    const heapLimit = 64 * 1024 * 1024;
    const rt = new Runtime(catalog.get("cpython-3.11").create({ heapLimit }), { heapLimit });
    let out = "";
    runPython(rt, src, { filename: "p.py", profile: true, stdout: (t) => (out += t) });
    const rows = out.split("\n");
    expect(rows[0]).toBe("Filename: p.py");
    expect(rows[2]).toBe("Line #    Mem usage    Increment  Occurrences   Line Contents");
    // A list of 10**6 pointers is 8 MB of items plus its header: 7.6 MiB up, then the same down.
    expect(rows.find((r) => r.includes("a = [1]"))).toMatch(
      /^\s+5\s+[\d.]+ MiB\s+7\.6 MiB\s+1 {3}\s+a = \[1\]/,
    );
    expect(rows.find((r) => r.includes("del a"))).toMatch(/-7\.6 MiB\s+1/);
  });
});
