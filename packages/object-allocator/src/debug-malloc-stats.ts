import {
  ARENA_MAP_BOT_BYTES,
  ARENA_MAP_MID_BYTES,
  ARENA_MAP_ROOT_BYTES,
  ARENA_SIZE,
  indexToSize,
  NB_SMALL_SIZE_CLASSES,
  POOL_OVERHEAD,
  POOL_SIZE,
  SMALL_REQUEST_THRESHOLD,
} from "./obmalloc-constants";

/**
 * One line of `_PyDebugAllocatorStats`: `"<count> <name>s * <size> bytes each"`, e.g.
 * `{ name: "free PyListObject", count: 40, size: 40 }`.
 * @example
 * const line: FreeListLine = { name: "free PyFloatObject", count: 100, size: 24 };
 */
export interface FreeListLine {
  /** The block name without the plural s: "free PyFloatObject", "free 3-sized PyTupleObject". */
  readonly name: string;
  readonly count: number;
  /** Bytes of one object (CPython's `sizeof`, without the GC header). */
  readonly size: number;
}

/**
 * What `_PyObject_DebugMallocStats` counts while it walks the arenas.
 * @example
 * const { pools, blocks } = pymalloc.census(); // per size class
 */
export interface PoolCensus {
  /** Per size class: pools with at least one block in use. */
  readonly pools: readonly number[];
  /** Per size class: blocks in use. */
  readonly blocks: readonly number[];
  /** Per size class: free blocks in those pools (`NUMBLOCKS - count`, summed). */
  readonly freeBlocks: readonly number[];
  /** Arenas mapped now. */
  readonly narenas: number;
  /** Σ `nfreepools` (empty pools plus never-carved ones). */
  readonly unusedPools: number;
  /** Arenas whose address is not 16 KiB aligned (one pool lost each). */
  readonly misalignedArenas: number;
  readonly arenasAllocatedTotal: number;
  readonly arenasHighwater: number;
  readonly arenaMapMidNodes: number;
  readonly arenaMapBotNodes: number;
}

/**
 * `printone(out, msg, value)`: the label padded to 35 columns, `=`, the value with thousands commas
 * right-aligned in 21 columns.
 * @example
 * printone("# arenas allocated total", 4);
 * // "# arenas allocated total           =                    4"
 */
export function printone(label: string, value: number): string {
  return `${label.padEnd(35)}=${value.toLocaleString("en-US").padStart(21)}`;
}

/**
 * `_PyDebugAllocatorStats`: `"%d %ss * %zd bytes each"` right-aligned to 48 columns, a space, then
 * `printone` of the product.
 * @example
 * freeListLine({ name: "free PyListObject", count: 40, size: 40 });
 * // "           40 free PyListObjects * 40 bytes each =                1,600"
 */
export function freeListLine(line: FreeListLine): string {
  return printone(
    `${`${line.count} ${line.name}s * ${line.size} bytes each`.padStart(48)} `,
    line.count * line.size,
  );
}

/**
 * The text of `sys._debugmallocstats()` (3.11): `_PyObject_DebugMallocStats`, a blank line, then
 * `_PyObject_DebugTypeStats` (the free-list lines). Ends with a newline, as CPython's stderr does.
 * @example
 * process.stderr.write(formatDebugMallocStats(pymalloc.census(), freeLists.debugLines()));
 */
export function formatDebugMallocStats(c: PoolCensus, freeLists: readonly FreeListLine[]): string {
  const out: string[] = [];
  out.push(`Small block threshold = ${SMALL_REQUEST_THRESHOLD}, in ${NB_SMALL_SIZE_CLASSES} size classes.`);
  out.push("");
  out.push("class   size   num pools   blocks in use  avail blocks");
  out.push("-----   ----   ---------   -------------  ------------");
  let allocated = 0;
  let available = 0;
  let headers = 0;
  let quantization = 0;
  for (let i = 0; i < NB_SMALL_SIZE_CLASSES; i++) {
    const p = c.pools[i]!;
    if (p === 0) continue;
    const b = c.blocks[i]!;
    const f = c.freeBlocks[i]!;
    const size = indexToSize(i);
    out.push(
      `${String(i).padStart(5)} ${String(size).padStart(6)} ${String(p).padStart(11)} ${String(b).padStart(15)} ${String(f).padStart(13)}`,
    );
    allocated += b * size;
    available += f * size;
    headers += p * POOL_OVERHEAD;
    quantization += p * ((POOL_SIZE - POOL_OVERHEAD) % size);
  }
  out.push("");
  out.push(printone("# arenas allocated total", c.arenasAllocatedTotal));
  out.push(printone("# arenas reclaimed", c.arenasAllocatedTotal - c.narenas));
  out.push(printone("# arenas highwater mark", c.arenasHighwater));
  out.push(printone("# arenas allocated current", c.narenas));
  out.push(printone(`${c.narenas} arenas * ${ARENA_SIZE} bytes/arena`, c.narenas * ARENA_SIZE));
  out.push("");
  const alignment = c.misalignedArenas * POOL_SIZE;
  out.push(printone("# bytes in allocated blocks", allocated));
  out.push(printone("# bytes in available blocks", available));
  out.push(printone(`${c.unusedPools} unused pools * ${POOL_SIZE} bytes`, c.unusedPools * POOL_SIZE));
  out.push(printone("# bytes lost to pool headers", headers));
  out.push(printone("# bytes lost to quantization", quantization));
  out.push(printone("# bytes lost to arena alignment", alignment));
  out.push(
    printone("Total", allocated + available + c.unusedPools * POOL_SIZE + headers + quantization + alignment),
  );
  out.push("");
  out.push("arena map counts");
  out.push(printone("# arena map mid nodes", c.arenaMapMidNodes));
  out.push(printone("# arena map bot nodes", c.arenaMapBotNodes));
  out.push("");
  const mid = ARENA_MAP_MID_BYTES * c.arenaMapMidNodes;
  const bot = ARENA_MAP_BOT_BYTES * c.arenaMapBotNodes;
  out.push(printone("# bytes lost to arena map root", ARENA_MAP_ROOT_BYTES));
  out.push(printone("# bytes lost to arena map mid", mid));
  out.push(printone("# bytes lost to arena map bot", bot));
  out.push(printone("Total", ARENA_MAP_ROOT_BYTES + mid + bot));
  out.push("");
  for (const line of freeLists) out.push(freeListLine(line));
  return `${out.join("\n")}\n`;
}
