import { binaryTrees } from "./benchmarks/binary-trees";
import { gcBench } from "./benchmarks/gcbench";
import { leakClassAttribute, leakClassAttributeFixed } from "./leaks/class-attribute";
import { leakClosure, leakClosureFixed } from "./leaks/closure";
import { leakGlobalCache, leakGlobalCacheFixed } from "./leaks/global-cache";
import { leakListener, leakListenerFixed } from "./leaks/listener";
import { arenaRelease } from "./programs/arena";
import { csvChunks, csvGenerator, csvLoadAll } from "./programs/csv";
import { listCycle, nodeCycle } from "./programs/cycles";
import { delResources, explicitRelease } from "./programs/del-resources";
import { lruCache } from "./programs/lru-cache";
import { objectPool } from "./programs/object-pool";
import { temporaries } from "./programs/temporaries";
import { traceFile } from "./programs/trace-file";
import type { Workload } from "./workload";

/**
 * Every workload, in the order menus list them: each leak right before its fix.
 *
 * @example
 * workloads.filter((w) => w.fixes !== undefined).map((w) => w.name); // the fixes
 */
export const workloads: readonly Workload[] = [
  listCycle,
  nodeCycle,
  leakGlobalCache,
  leakGlobalCacheFixed,
  leakClassAttribute,
  leakClassAttributeFixed,
  leakClosure,
  leakClosureFixed,
  leakListener,
  leakListenerFixed,
  lruCache,
  objectPool,
  arenaRelease,
  csvLoadAll,
  csvChunks,
  csvGenerator,
  temporaries,
  delResources,
  explicitRelease,
  binaryTrees,
  gcBench,
  traceFile,
];

/**
 * The workload named `name`.
 * @throws Error naming the known workloads when there is none.
 * @example
 * getWorkload("leak-listener").params.iterations; // 1000
 */
export function getWorkload(name: string): Workload {
  const w = workloads.find((x) => x.name === name);
  if (w === undefined)
    throw new Error(
      `unknown workload '${name}'; known workloads: ${workloads.map((x) => x.name).join(", ")}`,
    );
  return w;
}
