/**
 * A set of non-zero u32 addresses in one typed array: open addressing, linear probing, deletion by
 * backward shift (no tombstones). The debug hooks keep every live block here, so that freeing an
 * address that was never allocated is caught without a JS object per block.
 *
 * @example
 * const s = new AddressSet();
 * s.add(4112); s.has(4112); // true
 * s.delete(4112);
 */
export class AddressSet {
  private keys: Uint32Array;
  private mask: number;
  /** Number of addresses in the set. */
  size = 0;

  constructor(capacity = 1024) {
    let c = 16;
    while (c < capacity * 2) c <<= 1;
    this.keys = new Uint32Array(c);
    this.mask = c - 1;
  }

  /** Adds `a` (non-zero). Returns false if it was already present. */
  add(a: number): boolean {
    if ((this.size + 1) * 2 > this.keys.length) this.rehash(this.keys.length * 2);
    let i = slot(a) & this.mask;
    for (;;) {
      const k = this.keys[i]!;
      if (k === 0) break;
      if (k === a) return false;
      i = (i + 1) & this.mask;
    }
    this.keys[i] = a;
    this.size++;
    return true;
  }

  /** True if `a` is in the set. */
  has(a: number): boolean {
    let i = slot(a) & this.mask;
    for (;;) {
      const k = this.keys[i]!;
      if (k === a) return true;
      if (k === 0) return false;
      i = (i + 1) & this.mask;
    }
  }

  /** Removes `a`. Returns false if it was absent. */
  delete(a: number): boolean {
    const keys = this.keys;
    const mask = this.mask;
    let i = slot(a) & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === 0) return false;
      if (k === a) break;
      i = (i + 1) & mask;
    }
    // Backward-shift the entries that follow so that every probe chain stays unbroken.
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const k = keys[j]!;
      if (k === 0) break;
      const home = slot(k) & mask;
      // Move k into the hole at i unless its home lies cyclically in (i, j].
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        keys[i] = k;
        i = j;
      }
    }
    keys[i] = 0;
    this.size--;
    return true;
  }

  /** Calls `f` for every address (in no particular order). */
  forEach(f: (a: number) => void): void {
    for (const k of this.keys.slice()) if (k !== 0) f(k);
  }

  private rehash(capacity: number): void {
    const old = this.keys;
    this.keys = new Uint32Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
    for (const k of old) if (k !== 0) this.add(k);
  }
}

/** A well-mixed hash of an address (blocks are 16-byte aligned, so the low four bits carry nothing). */
function slot(a: number): number {
  const h = Math.imul(a >>> 4, 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}
