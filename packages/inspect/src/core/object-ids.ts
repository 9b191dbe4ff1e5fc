import type { Runtime } from "@heaplab/runtime";

/**
 * Stable object serial numbers (1, 2, 3 …) that never depend on addresses, kept through the runtime's
 * allocation hooks: `alloc` gives the new object the next serial, `move` carries a serial to the new
 * address, `free` drops it. Objects that existed before tracking began get a serial the first time a
 * tool looks at them.
 *
 * A moving collection reports many moves in a row, and an object may move into an address another object
 * is about to leave (sliding compaction) or move twice (nursery to survivor to old). The moves of one
 * collection are therefore gathered in `pending` (new address → serial) and applied together when the
 * collection ends or when anyone next asks for a serial.
 *
 * @example
 * const ids = objectIds(rt);
 * const s = ids.serial(rt.addressOf(h)); // the same number after any number of moving collections
 */
export class ObjectIds {
  private readonly serialAt = new Map<number, number>();
  private readonly pending = new Map<number, number>();
  private readonly vacated = new Set<number>();
  private readonly deathListeners: ((serial: number) => void)[] = [];
  private nextSerial = 1;
  /** Whether any strategy reported a free through the hook (else dead objects are found by walking). */
  freesReported = false;
  private readonly detachHooks: () => void;
  private readonly detachEvents: () => void;

  constructor(rt: Runtime) {
    this.detachHooks = rt.events.onAllocation({
      alloc: (addr) => {
        this.flushMoves();
        this.serialAt.set(addr, this.nextSerial++);
      },
      free: (addr) => this.free(addr),
      move: (from, to) => this.move(from, to),
    });
    this.detachEvents = rt.events.on((e) => {
      if (e.type === "gc-end") this.flushMoves();
    });
  }

  /** The serial of the object at `addr`, assigning the next one if the object has none yet. */
  serial(addr: number): number {
    this.flushMoves();
    let s = this.serialAt.get(addr);
    if (s === undefined) {
      s = this.nextSerial++;
      this.serialAt.set(addr, s);
    }
    return s;
  }

  /** The serial of the object at `addr`, or 0 if it has none (never seen). */
  peek(addr: number): number {
    this.flushMoves();
    return this.serialAt.get(addr) ?? 0;
  }

  /** Serials handed out so far + 1 (serials are dense, so arrays indexed by serial fit). */
  get limit(): number {
    return this.nextSerial;
  }

  /** Calls `fn(serial)` whenever a strategy reports an object freed. */
  onDeath(fn: (serial: number) => void): void {
    this.deathListeners.push(fn);
  }

  /** Stops listening to the runtime. */
  detach(): void {
    this.detachHooks();
    this.detachEvents();
  }

  /**
   * A free may come in the middle of a collection's moves: the dead object is whatever lived at `addr`
   * before this collection (a live object moved there is in `pending`, not in `serialAt`, until the
   * flush), and a free of an address an object moved away from is the stale original of a copy.
   */
  private free(addr: number): void {
    this.freesReported = true;
    if (this.vacated.has(addr)) return;
    const s = this.serialAt.get(addr);
    if (s === undefined) return;
    this.serialAt.delete(addr);
    for (const fn of this.deathListeners) fn(s);
  }

  /** Records one move; a move out of an address some earlier move of this batch filled follows that object. */
  private move(from: number, to: number): void {
    let s = this.pending.get(from);
    if (s !== undefined) this.pending.delete(from);
    else {
      s = this.serialAt.get(from);
      this.vacated.add(from);
    }
    if (s !== undefined) this.pending.set(to, s);
  }

  /** Applies the batch of moves: every vacated address empties, then every new address takes its serial. */
  private flushMoves(): void {
    if (this.vacated.size === 0 && this.pending.size === 0) return;
    for (const a of this.vacated) this.serialAt.delete(a);
    for (const [to, s] of this.pending) this.serialAt.set(to, s);
    this.vacated.clear();
    this.pending.clear();
  }
}

const trackers = new WeakMap<Runtime, ObjectIds>();

/**
 * The runtime's one `ObjectIds`, made (and attached to its event stream) on first use. Call it before the
 * program allocates to number objects in allocation order.
 * @example
 * const ids = objectIds(rt);
 */
export function objectIds(rt: Runtime): ObjectIds {
  let t = trackers.get(rt);
  if (t === undefined) {
    t = new ObjectIds(rt);
    trackers.set(rt, t);
  }
  return t;
}
