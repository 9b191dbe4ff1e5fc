/**
 * A map from an object's address to its slot in the recorder's per-object columns, on typed arrays:
 * open addressing with linear probing, deletion by shifting the entries after it back (no
 * tombstones, so a long run of allocations and frees never slows lookups down). The recorder asks it
 * once or twice per event; a `Map<number, number>` there cost more than the run it recorded.
 *
 * Invariant: every key is in the run of occupied buckets that starts at its hash bucket; key 0 marks
 * an empty bucket (no object lives at address 0).
 *
 * @example
 * const slots = new AddressSlots();
 * slots.set(0x10040, 7);
 * slots.get(0x10040); // 7
 * slots.delete(0x10040);
 * slots.get(0x10040); // -1
 */
export class AddressSlots {
  private keys = new Uint32Array(1 << 12);
  private values = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  /** 32 − log2(buckets): the hash's top bits pick the bucket. */
  private shift = 32 - 12;
  private count = 0;

  /** Entries held. */
  get size(): number {
    return this.count;
  }

  /**
   * The bucket an address hashes to: Fibonacci hashing (the product's top bits, which every bit of the
   * address reaches); addresses are 8-byte aligned, so their low three bits are dropped first.
   */
  private home(addr: number): number {
    return Math.imul(addr >>> 3, 0x9e3779b1) >>> this.shift;
  }

  /** The slot of the object at `addr`, or -1. */
  get(addr: number): number {
    for (let i = this.home(addr); ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
      if (k === addr) return this.values[i]!;
      if (k === 0) return -1;
    }
  }

  /** Records (or replaces) the slot of the object at `addr` (never 0). */
  set(addr: number, slot: number): void {
    if (2 * (this.count + 1) > this.keys.length) this.grow();
    for (let i = this.home(addr); ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
      if (k === addr) {
        this.values[i] = slot;
        return;
      }
      if (k === 0) {
        this.keys[i] = addr;
        this.values[i] = slot;
        this.count++;
        return;
      }
    }
  }

  /** Forgets `addr`; the entries after it in its run move back so each stays reachable from its home. */
  delete(addr: number): void {
    let i = this.home(addr);
    while (this.keys[i] !== addr) {
      if (this.keys[i] === 0) return;
      i = (i + 1) & this.mask;
    }
    this.count--;
    // Backward-shift deletion: move a later entry into the hole when its home is not after the hole.
    for (let j = (i + 1) & this.mask; this.keys[j] !== 0; j = (j + 1) & this.mask) {
      const h = this.home(this.keys[j]!);
      const movable = i <= j ? h <= i || h > j : h <= i && h > j;
      if (!movable) continue;
      this.keys[i] = this.keys[j]!;
      this.values[i] = this.values[j]!;
      i = j;
    }
    this.keys[i] = 0;
  }

  /** Doubles the table and re-inserts every entry. */
  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Uint32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.shift--;
    this.count = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) this.set(keys[i]!, values[i]!);
  }
}
