import type { LinearMemory, ObjectModel, SlotVisitor } from "@heaplab/runtime";
import { blockSizeAt, FREE, HEADER_BYTES, sizeOf, statusOf } from "../header";
import type { BumpSpace } from "../spaces/bump-space";
import { CardTable, CLEAN, DIRTY } from "./card-table";

/** How a rebuilt region's cards are set: exactly where an object refers younger, every used card, or none. */
export type CardRebuild = "exact" | "every-used-card" | "none";

/**
 * The generational layer the generational plans share (MMTk's `plan/generational/`, HotSpot's
 * card-table remembered set): a card table kept by the plan's write barrier, the old-to-young check,
 * the walk of the objects on dirty cards (extra roots of a young collection), and the card and
 * block-offset rebuild after objects moved. `generationOf` numbers an address's generation, 0 the
 * youngest; an object "refers younger" when one of its strong or weak slots points at a lower number.
 * `jvm-serial`, `clr` and `gencopy` use it; none knows another's spaces.
 *
 * @example
 * const gen = new GenerationalCards(memory, model, 9, (a) => (isNursery(a) ? 0 : 1));
 * gen.scanDirtyCards(mature, mature.tops, (o) => model.scan(o, copier, "dealloc"));
 */
export class GenerationalCards {
  readonly cards: CardTable;
  private found = false;
  private limit = 0;
  private readonly finder: SlotVisitor;

  constructor(
    private readonly memory: LinearMemory,
    private readonly model: ObjectModel,
    cardShift: number,
    /** The generation of the object or block at an address (0 = youngest). */
    readonly generationOf: (addr: number) => number,
  ) {
    this.cards = new CardTable(memory.limitBytes, cardShift);
    this.finder = {
      visit: (slot: number) => {
        const v = this.memory.u32[slot >>> 2]!;
        if (v !== 0 && this.generationOf(v) < this.limit) this.found = true;
      },
    };
  }

  /** Whether `obj` holds a strong or weak reference to an object of a younger generation than its own. */
  hasYoungerRef(obj: number): boolean {
    const gen = this.generationOf(obj);
    if (gen === 0) return false;
    this.limit = gen;
    this.found = false;
    this.model.scan(obj, this.finder, "dealloc");
    if (!this.found) this.model.scanWeak(obj, this.finder);
    return this.found;
  }

  /** Dirties `obj`'s card if it refers younger (an object just promoted or filled by a collector). */
  rememberIfYounger(obj: number): void {
    if (this.hasYoungerRef(obj)) this.cards.dirty(obj);
  }

  /**
   * Calls `fn` for every object (not free block) whose header lies on a dirty card of `space`, below
   * `tops` (the regions' tops to stop at; the current ones by default). Views are read per block: `fn`
   * may grow linear memory (a copy that maps a region) and replace them.
   */
  forEachObjectOnDirtyCards(
    space: BumpSpace,
    fn: (obj: number) => void,
    tops: readonly number[] = space.tops,
  ): void {
    this.forEachDirtyCard(space, tops, (c, start, top) => this.forEachObjectOnCard(c, start, top, fn));
  }

  /**
   * A young collection's card scan: each dirty card of `space` below `tops` is cleaned, `fn` runs for
   * its objects (evacuating or marking what they refer to), and the card is dirtied again if one of them
   * still refers younger. After: a card of `space` is dirty exactly when it must be.
   */
  scanDirtyCards(space: BumpSpace, tops: readonly number[], fn: (obj: number) => void): void {
    const bytes = this.cards.bytes;
    let stillYounger = false;
    const visit = (obj: number) => {
      fn(obj);
      if (!stillYounger && this.hasYoungerRef(obj)) stillYounger = true;
    };
    this.forEachDirtyCard(space, tops, (c, start, top) => {
      bytes[c] = CLEAN;
      stillYounger = false;
      this.forEachObjectOnCard(c, start, top, visit);
      if (stillYounger) bytes[c] = DIRTY;
    });
  }

  /** Calls `fn(card, regionStart, regionTop)` for every dirty card of `space` below `tops`. */
  private forEachDirtyCard(
    space: BumpSpace,
    tops: readonly number[],
    fn: (card: number, start: number, top: number) => void,
  ): void {
    const { bytes, shift } = this.cards;
    for (let r = 0; r < space.starts.length; r++) {
      const start = space.starts[r]!;
      const top = tops[r]!;
      if (top <= start) continue;
      for (let c = start >>> shift; c <= (top - 1) >>> shift; c++) if (bytes[c] === DIRTY) fn(c, start, top);
    }
  }

  /**
   * The same scan for objects outside bump spaces (a large-object space, whose objects each start on
   * their own card; the barrier dirties the card of the object's header): each object `forEach` names
   * whose card is dirty is cleaned, passed to `fn`, and dirtied again if it still refers younger.
   */
  scanDirtyObjects(forEach: (visit: (obj: number) => void) => void, fn: (obj: number) => void): void {
    const cards = this.cards;
    forEach((o) => {
      if (!cards.isDirty(o)) return;
      cards.bytes[o >>> cards.shift] = CLEAN;
      fn(o);
      if (this.hasYoungerRef(o)) cards.dirty(o);
    });
  }

  /** Re-evaluates the dirty cards of `space`: a card stays dirty only if one of its objects still refers younger. */
  refreshDirtyCards(space: BumpSpace): void {
    this.scanDirtyCards(space, space.tops, () => {});
  }

  /**
   * After region `r` of `space` changed (compacted, swept, promoted, filled by copies): its block-offset
   * entries are recorded again for every block, and its cards cleaned, then set as `dirty` says.
   */
  rebuildRegion(space: BumpSpace, r: number, dirty: CardRebuild): void {
    const cards = this.cards;
    const start = space.starts[r]!;
    const top = space.tops[r]!;
    cards.cleanRange(start, space.ends[r]!);
    if (dirty === "every-used-card") cards.dirtyRange(start, top);
    const u32 = this.memory.u32;
    for (let b = start; b < top; ) {
      const size = blockSizeAt(u32, b);
      cards.recordBlock(b, size);
      const obj = b + HEADER_BYTES;
      if (dirty === "exact" && (statusOf(u32, obj) & FREE) === 0 && this.hasYoungerRef(obj)) cards.dirty(obj);
      b += size;
    }
  }

  /** `rebuildRegion` for every region of `space`. */
  rebuildSpace(space: BumpSpace, dirty: CardRebuild): void {
    for (let r = 0; r < space.starts.length; r++) this.rebuildRegion(space, r, dirty);
  }

  /**
   * The remembered set's invariant, for the verifier: every object of `live` that refers (strongly or
   * weakly) to a younger generation has its card dirty; else `fail`.
   */
  verifyRememberedSet(live: Iterable<number>, fail: (message: string, addr: number) => never): void {
    for (const o of live)
      if (this.hasYoungerRef(o) && !this.cards.isDirty(o))
        fail("an object refers to a younger generation but its card is clear", o);
  }

  /** The objects whose headers lie on card `c` of a region `[start, top)`, found from the block-offset table. */
  private forEachObjectOnCard(c: number, start: number, top: number, fn: (obj: number) => void): void {
    const cards = this.cards;
    const cardStart = c << cards.shift;
    const cardEnd = cardStart + cards.cardBytes;
    let b = Math.max(cards.blockAt[c]! || start, start);
    while (b < top && b < cardEnd) {
      // Read per block: `fn` may have grown linear memory and replaced the view.
      const u32 = this.memory.u32;
      const obj = b + HEADER_BYTES;
      const size = sizeOf(u32, obj);
      if (obj >= cardStart && obj < cardEnd && (statusOf(u32, obj) & FREE) === 0) fn(obj);
      b += size;
    }
  }
}
