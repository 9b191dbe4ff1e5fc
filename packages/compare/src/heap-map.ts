import type { Runtime } from "@heaplab/runtime";

/**
 * What each block of the map shows.
 * @example
 * const cell = map.cells[i]!;
 * const what = cell >= MapCell.firstType ? map.typeNames[cell - MapCell.firstType] : cell === MapCell.aux ? "aux" : "free";
 */
export const MapCell = {
  /** Not mapped from the operating system (never mapped, or returned). */
  unmapped: 0,
  /** Mapped, holding no object (free blocks, pool headers, unused space). */
  free: 1,
  /** Auxiliary storage: a list's item array, a dict's keys table. */
  aux: 2,
  /** Type ids start here: cell `FIRST_TYPE + typeId` is an object of that type. */
  firstType: 3,
} as const;

/**
 * A picture of the heap's bytes: one cell per `blockBytes`, from `base` up to the break.
 * @example
 * const map = heapMap(rt); map.cells.length; // one cell per map.blockBytes from map.base
 */
export interface HeapMap {
  /** Address of the first cell. */
  base: number;
  /** Bytes per cell (16: pymalloc's alignment). */
  blockBytes: number;
  cells: Uint8Array;
  /** Type names by id (index `typeId`), for a legend. */
  typeNames: string[];
}

/**
 * Maps the heap as the bytes are: each `blockBytes` cell from the first mapped page to the highest
 * mapping is unmapped, free, auxiliary storage or part of an object of some type. Drawn as 1 MiB
 * tiles of 16 KiB rows, it is pymalloc's arena and pool map under `cpython-3.11`, and the spaces of
 * the tracing collectors under theirs. It walks objects with `Strategy.forEachObject` and reads sizes
 * from the object model; nothing is taken from a strategy's own picture of itself.
 *
 * @example
 * const map = heapMap(rt);
 * map.cells.length * map.blockBytes; // bytes from base to the break
 */
export function heapMap(rt: Runtime, blockBytes = 16, maxCells = 1 << 22): HeapMap {
  const os = rt.os;
  const page = 4096;
  const base = page; // address 0 is never mapped
  let bb = blockBytes;
  while ((os.brk - base) / bb > maxCells) bb *= 2;
  const n = Math.max(0, Math.ceil((os.brk - base) / bb));
  const cells = new Uint8Array(n);
  for (let a = base; a < os.brk; a += page) {
    const v = os.isUnmapped(a) ? MapCell.unmapped : MapCell.free;
    const from = Math.floor((a - base) / bb);
    const to = Math.min(n, Math.ceil((a + page - base) / bb));
    cells.fill(v, from, to);
  }
  const paint = (start: number, bytes: number, v: number): void => {
    const from = Math.floor((start - base) / bb);
    const to = Math.min(n, Math.ceil((start + bytes - base) / bb));
    if (from >= 0 && to > from) cells.fill(v, from, to);
  };
  rt.strategy.forEachObject((obj) => {
    const t = rt.model.typeOf(obj);
    const prefix = rt.strategy.prefixBytes(t);
    paint(obj - prefix, prefix + rt.model.bodyBytesOf(t, obj), Math.min(255, MapCell.firstType + t.id));
    const aux = rt.model.auxAddress(obj);
    // A set's small table lives inside the set itself: not separate storage.
    const inside = aux >= obj && aux < obj + rt.model.bodyBytesOf(t, obj);
    if (aux !== 0 && !inside) paint(aux, rt.model.auxBytes(obj), MapCell.aux);
  });
  const typeNames: string[] = [];
  for (let id = 1; id < rt.types.size; id++) typeNames[id] = rt.types.get(id).name;
  return { base, blockBytes: bb, cells, typeNames };
}
