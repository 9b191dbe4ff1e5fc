import type { Runtime } from "@heaplab/runtime";

/**
 * `tracemalloc`'s traced memory: bytes of the objects allocated since `start()` that are still alive,
 * and the peak, counted from the runtime's allocation and free hooks (object sizes as `sys.getsizeof`
 * without auxiliary storage).
 *
 * @example
 * const t = new Tracer(rt); t.start(); rt.newList(); t.current(); // 56 under cpython-3.11
 */
export class Tracer {
  private off: (() => void) | null = null;
  private readonly live = new Map<number, number>();
  private cur = 0;
  private top = 0;

  constructor(private readonly rt: Runtime) {}

  start(): void {
    if (this.off !== null) return;
    this.off = this.rt.events.onAllocation({
      alloc: (addr, _t, bytes) => {
        this.live.set(addr, bytes);
        this.cur += bytes;
        if (this.cur > this.top) this.top = this.cur;
      },
      free: (addr) => {
        const b = this.live.get(addr);
        if (b === undefined) return;
        this.live.delete(addr);
        this.cur -= b;
      },
      move: (from, to) => {
        const b = this.live.get(from);
        if (b === undefined) return;
        this.live.delete(from);
        this.live.set(to, b);
      },
    });
  }

  stop(): void {
    this.off?.();
    this.off = null;
    this.live.clear();
    this.cur = 0;
    this.top = 0;
  }

  tracing(): boolean {
    return this.off !== null;
  }

  current(): number {
    return this.cur;
  }

  peak(): number {
    return this.top;
  }

  resetPeak(): void {
    this.top = this.cur;
  }
}
