import { EventKind, lastAtOrBefore, type Recording } from "../record/recording";

/** One object's life in a recording, traced through its address changes. */
export interface ObjectLife {
  typeId: number;
  bytes: number;
  /** The row that allocated it (or recorded it at the start, for the runtime's own objects). */
  allocatedAt: number;
  /** Rows that moved it, in order. */
  movedAt: number[];
  /** The row where its finalizer (`__del__`) ran, or -1. */
  finalizedAt: number;
  /** The row that freed it, or -1 if it was alive when the recording ended. */
  freedAt: number;
  /** The collection (row in the `gc*` columns) that freed it, or -1 when freed outside any collection. */
  freedInCollection: number;
}

/** The row at or before `i` that put an object's block on `addr` (alloc or move), or -1. */
function placedAt(r: Recording, i: number, addr: number): number {
  for (let e = i; e >= 0; e--) {
    const k = r.kind[e]!;
    if ((k === EventKind.alloc || k === EventKind.move) && r.addr[e] === addr) return e;
  }
  return -1;
}

/**
 * The object whose block covers `address` right after event `i`, and its whole life: where it was
 * allocated, every move, its finalizer, and when and where it was freed. Scans the recording's rows
 * (no per-object index is kept), so it is meant for a click, not for a frame. Null when no object
 * covered the address then.
 *
 * @example
 * const life = objectLife(recording, position, 0x50030);
 * if (life && life.freedInCollection >= 0) console.log("freed by a collection");
 */
export function objectLife(r: Recording, i: number, address: number): ObjectLife | null {
  // The latest row at or before i that touched the address decides whether an object is there.
  let found = -1;
  for (let e = Math.min(i, r.length - 1); e >= 0; e--) {
    const k = r.kind[e]!;
    if (k !== EventKind.alloc && k !== EventKind.move && k !== EventKind.free) continue;
    const inNew = address >= r.addr[e]! && address < r.addr[e]! + r.size[e]!;
    const inOld = k === EventKind.move && address >= r.arg[e]! && address < r.arg[e]! + r.size[e]!;
    if (!inNew && !inOld) continue;
    if (k !== EventKind.free && inNew) found = e;
    break;
  }
  if (found < 0) return null;
  // Backwards through its moves to its allocation.
  const movedAt: number[] = [];
  let row = found;
  while (r.kind[row] === EventKind.move) {
    movedAt.unshift(row);
    const before = placedAt(r, row - 1, r.arg[row]!);
    if (before < 0) break;
    row = before;
  }
  const allocatedAt = row;
  // Forwards from where it was found: moves away, then its free.
  let at = r.addr[found]!;
  let freedAt = -1;
  for (let e = found + 1; e < r.length; e++) {
    const k = r.kind[e]!;
    if (k === EventKind.move && r.arg[e] === at) {
      movedAt.push(e);
      at = r.addr[e]!;
    } else if (k === EventKind.free && r.addr[e] === at) {
      freedAt = e;
      break;
    }
  }
  const bytes = r.size[found]!;
  const blocks: number[] = [r.addr[allocatedAt]!, ...movedAt.map((m) => r.addr[m]!)];
  let finalizedAt = -1;
  const last = freedAt < 0 ? r.length - 1 : freedAt;
  for (let e = allocatedAt; e <= last && finalizedAt < 0; e++) {
    if (r.kind[e] !== EventKind.finalizer) continue;
    const a = r.addr[e]!;
    if (blocks.some((b) => a >= b && a < b + bytes)) finalizedAt = e;
  }
  let freedInCollection = -1;
  if (freedAt >= 0) {
    const c = lastAtOrBefore(r.gcStartEvent, r.gcStartEvent.length, freedAt);
    if (c >= 0 && r.gcEndEvent[c]! >= freedAt) freedInCollection = c;
  }
  return { typeId: r.type[found]!, bytes, allocatedAt, movedAt, finalizedAt, freedAt, freedInCollection };
}
