/**
 * A bounded stack of object addresses on a typed array: the shape of every CPython free list
 * (`numfree` plus a list linked through the objects; here the links live in the array, so the freed
 * object's bytes are left as the type's dealloc left them).
 *
 * @example
 * const floats = new FreeList("float", 100);
 * floats.push(addr);   // true: kept for reuse
 * floats.pop();        // addr (0 when empty)
 */
export class FreeList {
  private readonly items: Uint32Array;
  /** `numfree`. */
  size = 0;

  constructor(
    /** Which objects it holds, e.g. "float", "tuple[3]". */
    readonly name: string,
    /** The limit (`PyFloat_MAXFREELIST` etc.). */
    readonly capacity: number,
  ) {
    this.items = new Uint32Array(Math.max(1, capacity));
  }

  /** Keeps `addr` for reuse. Returns false (and keeps nothing) when the list is full. */
  push(addr: number): boolean {
    if (this.size >= this.capacity) return false;
    this.items[this.size++] = addr;
    return true;
  }

  /** The most recently pushed address (LIFO, as CPython's lists), or 0 when empty. */
  pop(): number {
    return this.size === 0 ? 0 : this.items[--this.size]!;
  }

  /** The address at the top without taking it, or 0. */
  peek(): number {
    return this.size === 0 ? 0 : this.items[this.size - 1]!;
  }

  /** True when the list holds `addr` (a linear scan; for checks and tests). */
  contains(addr: number): boolean {
    for (let i = 0; i < this.size; i++) if (this.items[i] === addr) return true;
    return false;
  }

  /** Empties the list, handing every address to `release` (which frees it), newest first. */
  clear(release: (addr: number) => void): number {
    const n = this.size;
    while (this.size > 0) release(this.items[--this.size]!);
    return n;
  }

  /** Calls `f` for every address held. */
  forEach(f: (addr: number) => void): void {
    for (let i = 0; i < this.size; i++) f(this.items[i]!);
  }
}
