/**
 * One bit per 8-byte word of linear memory, set at the type word of every live object: the heap walk
 * (`forEachObject`, in address order) and `isObject` for a strategy whose allocator (pymalloc) does not
 * know object boundaries. Objects on a free list are not live and have their bit clear.
 *
 * @example
 * bits.set(obj); bits.has(obj); // true
 * bits.forEach((o) => console.log(o.toString(16)));
 */
export class ObjectBitmap {
  private bits = new Uint32Array(1024);
  /** Live objects marked. */
  count = 0;

  set(obj: number): void {
    const w = obj >>> 8;
    if (w >= this.bits.length) this.grow(w);
    const m = 1 << ((obj >>> 3) & 31);
    if ((this.bits[w]! & m) === 0) {
      this.bits[w]! |= m;
      this.count++;
    }
  }

  clear(obj: number): void {
    const w = obj >>> 8;
    if (w >= this.bits.length) return;
    const m = 1 << ((obj >>> 3) & 31);
    if ((this.bits[w]! & m) !== 0) {
      this.bits[w]! &= ~m;
      this.count--;
    }
  }

  has(obj: number): boolean {
    if ((obj & 7) !== 0) return false;
    const w = obj >>> 8;
    return w < this.bits.length && (this.bits[w]! & (1 << ((obj >>> 3) & 31))) !== 0;
  }

  /** Visits every marked address in increasing order. `visit` may clear bits but should not set new ones. */
  forEach(visit: (obj: number) => void): void {
    const bits = this.bits;
    for (let w = 0; w < bits.length; w++) {
      let word = bits[w]!;
      while (word !== 0) {
        const b = 31 - Math.clz32(word & -word);
        word &= word - 1;
        visit(((w << 5) + b) << 3);
      }
    }
  }

  private grow(w: number): void {
    let n = this.bits.length;
    while (n <= w) n *= 2;
    const b = new Uint32Array(n);
    b.set(this.bits);
    this.bits = b;
  }
}
