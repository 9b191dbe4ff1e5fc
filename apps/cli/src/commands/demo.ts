import { Runtime } from "@heaplab/runtime";
import { catalog } from "../catalog";

/**
 * `heaplab demo`: the seeds' first lesson under every registered strategy — build 2,000 two-object
 * cycles, drop them, collect, and report what each strategy freed. (The full comparison lands with
 * the workloads and the comparison engine.)
 */
export function demoCommand(): void {
  for (const name of catalog.names()) {
    const rt = new Runtime(catalog.get(name).create({ heapLimit: 64 << 20 }), { heapLimit: 64 << 20 });
    rt.scope(() => {
      for (let i = 0; i < 2000; i++) {
        const a = rt.newList();
        const b = rt.newList([a]);
        rt.append(a, b);
      }
    });
    const found = rt.collect();
    rt.verify();
    const s = rt.stats();
    console.log(
      `${name.padEnd(14)} cycles dropped: 2000  found dead by collect(): ${String(found).padStart(5)}  bytes in use: ${s.usedBytes.toLocaleString("en-US")}`,
    );
  }
}
