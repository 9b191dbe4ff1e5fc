import { EventKind, type Recording } from "./recording";

/**
 * What a cell of the replayed heap holds. Values from `firstType` on are `firstType + typeId`.
 *
 * @example
 * replay.cellAt(addr) === ReplayCell.freed; // an object was there and is gone
 */
export const ReplayCell = {
  /** No recorded object ever covered it. */
  untouched: 0,
  /** An object was there and has been freed or moved away. */
  freed: 1,
  firstType: 2,
} as const;

const CHUNK_SHIFT = 20; // 1 MiB tiles: a pymalloc arena under cpython-3.11
/** Bytes of checkpoints kept at most; decides how far apart they are. */
const CHECKPOINT_BUDGET = 32 << 20;
/** Cells painted at most (the cell grows from 16 bytes when the heap spans many tiles). */
const MAX_CELLS = 1 << 20;

/**
 * The cell value of an object of type `typeId` (type ids past 253 share the last value).
 *
 * @example
 * cellOfType(1); // 3
 */
export function cellOfType(typeId: number): number {
  return Math.min(255, ReplayCell.firstType + typeId);
}

/**
 * The heap map as it was at any event of a recording, rebuilt from the recorded addresses and sizes:
 *
 * ```
 *  tile = one 1 MiB-aligned chunk of addresses some object used (under cpython-3.11: an arena)
 *  ┌──────────── side cells ────────────┐   cell = cellBytes (16: pymalloc's alignment, one block
 *  │ row 0        4 KiB                 │          is a run of cells)
 *  │ rows 0..3    one 16 KiB pool       │   value = untouched | freed | firstType + typeId
 *  │ …                                  │
 *  └────────────────────────────────────┘
 * ```
 *
 * `seek(i)` replays forward from the nearest checkpoint at or before `i` (a full copy of the cells
 * taken every `every` events), so any position costs at most one copy and `every` events: scrubbing
 * stays smooth on 100,000 events.
 *
 * @example
 * const replay = new HeapReplay(recording);
 * const cells = replay.seek(5000); // the heap after event 5000
 */
export class HeapReplay {
  /** The tiles' 1 MiB chunk numbers (address >>> 20), ascending. */
  readonly tiles: Uint32Array;
  readonly cellBytes: number;
  /** Cells per tile side (a tile is side × side cells). */
  readonly side: number;
  readonly cells: Uint8Array;
  /** Events between checkpoints. */
  readonly every: number;
  private readonly tileIndex = new Map<number, number>();
  private readonly checkpoints: Uint8Array[] = [];
  /** The event `cells` reflects (-1: before the first). */
  private at = -1;

  constructor(private readonly r: Recording) {
    const chunks = new Set<number>();
    for (let i = 0; i < r.length; i++) {
      const k = r.kind[i]!;
      if (k !== EventKind.alloc && k !== EventKind.move && k !== EventKind.free) continue;
      const a = r.addr[i]!;
      const last = (a + Math.max(1, r.size[i]!) - 1) >>> CHUNK_SHIFT;
      for (let c = a >>> CHUNK_SHIFT; c <= last; c++) chunks.add(c);
    }
    this.tiles = Uint32Array.from([...chunks].sort((x, y) => x - y));
    for (let t = 0; t < this.tiles.length; t++) this.tileIndex.set(this.tiles[t]!, t);
    let cellBytes = 16;
    while ((this.tiles.length << CHUNK_SHIFT) / cellBytes > MAX_CELLS) cellBytes *= 4;
    this.cellBytes = cellBytes;
    this.side = Math.round(Math.sqrt((1 << CHUNK_SHIFT) / cellBytes));
    this.cells = new Uint8Array(Math.max(1, this.tiles.length * this.side * this.side));
    this.every = Math.max(1024, Math.ceil((r.length * this.cells.length) / CHECKPOINT_BUDGET));
    for (let i = 0; i < r.length; i++) {
      if (i % this.every === 0) this.checkpoints.push(this.cells.slice());
      this.apply(i);
    }
    this.at = r.length - 1;
  }

  /**
   * Sets the cells of `[addr, addr + bytes)` to `v`; `addr` lies in a known tile by construction.
   * Objects may be 8-byte aligned, so a cell can hold the ends of two objects: painting an object
   * covers every cell it touches, clearing one (`inner`) only the cells wholly inside it, so a free
   * never blanks a live neighbour's share of a cell.
   */
  private paint(addr: number, bytes: number, v: number, inner = false): void {
    const cb = this.cellBytes;
    const perTile = this.side * this.side;
    let a = addr;
    const end = addr + Math.max(1, bytes);
    while (a < end) {
      const chunk = a >>> CHUNK_SHIFT;
      const t = this.tileIndex.get(chunk);
      const chunkEnd = Math.min(end, (chunk + 1) * (1 << CHUNK_SHIFT));
      if (t !== undefined) {
        const base = t * perTile;
        const off = a - chunk * (1 << CHUNK_SHIFT);
        const end = off + (chunkEnd - a);
        const from = base + (inner ? Math.ceil(off / cb) : Math.floor(off / cb));
        const to = base + (inner ? Math.floor(end / cb) : Math.ceil(end / cb));
        if (to > from) this.cells.fill(v, from, to);
      }
      a = chunkEnd;
    }
  }

  /** Applies event `i` to the cells (its invariant: cells reflect event i - 1 before, i after). */
  private apply(i: number): void {
    const r = this.r;
    const k = r.kind[i]!;
    if (k === EventKind.alloc) this.paint(r.addr[i]!, r.size[i]!, cellOfType(r.type[i]!));
    else if (k === EventKind.free) this.paint(r.addr[i]!, r.size[i]!, ReplayCell.freed, true);
    else if (k === EventKind.move) {
      this.paint(r.arg[i]!, r.size[i]!, ReplayCell.freed, true);
      this.paint(r.addr[i]!, r.size[i]!, cellOfType(r.type[i]!));
    }
  }

  /** The cell value at an address (untouched outside every tile). */
  cellAt(addr: number): number {
    const t = this.tileIndex.get(addr >>> CHUNK_SHIFT);
    if (t === undefined) return ReplayCell.untouched;
    const off = addr - ((addr >>> CHUNK_SHIFT) << CHUNK_SHIFT);
    return this.cells[t * this.side * this.side + Math.floor(off / this.cellBytes)]!;
  }

  /**
   * Makes `cells` show the heap right after event `i` (-1: before any event) and returns them.
   * Forward within one checkpoint interval it only applies the events in between.
   */
  seek(i: number): Uint8Array {
    const target = Math.max(-1, Math.min(this.r.length - 1, Math.floor(i)));
    if (target === this.at) return this.cells;
    if (!(target > this.at && target - this.at <= this.every)) {
      if (target < 0) {
        this.cells.fill(ReplayCell.untouched);
        this.at = -1;
        return this.cells;
      }
      const c = Math.floor(target / this.every);
      this.cells.set(this.checkpoints[c]!);
      this.at = c * this.every - 1;
    }
    for (let e = this.at + 1; e <= target; e++) this.apply(e);
    this.at = target;
    return this.cells;
  }
}
