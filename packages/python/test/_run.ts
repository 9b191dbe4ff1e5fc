import { readFileSync } from "node:fs";
import { cpythonStrategy } from "@heaplab/generational";
import { runPython } from "@heaplab/python";
import { Runtime } from "@heaplab/runtime";

const file = process.argv[2]!;
const rt = new Runtime(cpythonStrategy.create({ heapLimit: 256 << 20 }), { heapLimit: 256 << 20 });
const r = runPython(rt, readFileSync(file, "utf8"), {
  filename: file,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
});
process.exitCode = r.exitCode;
