/** A card byte that holds no old-to-young reference (HotSpot's clean value). */
export const CLEAN = 0xff;
/** A card byte the write barrier dirtied. */
export const DIRTY = 0;

/**
 * A card table over the whole address space (HotSpot's CardTable, the CLR's card bytes): one byte per
 * `2^shift`-byte card, clean = 0xFF, dirty = 0; the write barrier dirties the card of the object written
 * into with one shift and one store. Alongside, a block-offset table gives the block covering each
 * card's first byte, so a dirty card's objects can be found without walking the space.
 *
 * @example
 * const cards = new CardTable(memory.limitBytes, 9); // 512-byte cards
 * cards.dirty(obj);
 * cards.isDirty(obj); // true
 */
export class CardTable {
  readonly bytes: Uint8Array;
  /** For each card, the start of the block covering its first byte (0 if none recorded). */
  readonly blockAt: Uint32Array;
  readonly cardBytes: number;

  constructor(
    addressSpaceBytes: number,
    readonly shift: number,
  ) {
    const n = Math.ceil(addressSpaceBytes / 2 ** shift) + 1;
    this.bytes = new Uint8Array(n).fill(CLEAN);
    this.blockAt = new Uint32Array(n);
    this.cardBytes = 2 ** shift;
  }

  /** The write barrier's store. */
  dirty(addr: number): void {
    this.bytes[addr >>> this.shift] = DIRTY;
  }

  isDirty(addr: number): boolean {
    return this.bytes[addr >>> this.shift] === DIRTY;
  }

  /** Cleans every card of `[start, end)`. */
  cleanRange(start: number, end: number): void {
    this.bytes.fill(CLEAN, start >>> this.shift, ((end - 1) >>> this.shift) + 1);
  }

  /** Dirties every card of `[start, end)`. */
  dirtyRange(start: number, end: number): void {
    if (end > start) this.bytes.fill(DIRTY, start >>> this.shift, ((end - 1) >>> this.shift) + 1);
  }

  /** Records a new block `[block, block + size)` in the block-offset table. */
  recordBlock(block: number, size: number): void {
    const s = this.shift;
    let c = block >>> s;
    if (c << s !== block) c++;
    const last = (block + size - 1) >>> s;
    for (; c <= last; c++) this.blockAt[c] = block;
  }
}
