import { type LinearMemory, MemoryError, type OsMemory } from "@heaplab/runtime";
import { clearStatus, MARK, sizeOf, statusOf } from "../header";
import type { BumpSpace } from "../spaces/bump-space";
import type { LargeObjectSpace } from "../spaces/large-object-space";
import { tryAddRegion } from "./grow";
import type { Marker } from "./mark";

/**
 * The room a copying collection copies into (MMTk's copy reserve): before a collection copies the
 * condemned spaces into `reserve`, `ensure` makes sure every survivor fits, so the copy never runs out
 * halfway (which would strand half-copied objects). A copying collector needs room only for what
 * survives, not for the garbage beside it: the common case costs one comparison (the free reserve is
 * as large as the condemned spaces' used bytes) or one region mapped; only when the heap limit forbids
 * that are the survivors measured, by a marking pass from the roots and from every finalizable object
 * (an upper bound of what the copy moves), and the reserve grown to fit them.
 *
 * @example
 * const reserve = new CopyReserve("semispace", os, memory, marker, los, 8192, (m) => this.markFromRoots(m, true));
 * reserve.ensure(to, [from]); // throws MemoryError, nothing moved, if the survivors cannot fit
 */
export class CopyReserve {
  /** The last measurement's survivors and the bytes the reserve lacked for them. */
  private survivors = 0;
  private missing = 0;

  constructor(
    private readonly plan: string,
    private readonly os: OsMemory,
    private readonly memory: LinearMemory,
    private readonly marker: Marker,
    /** The non-moving large objects the marking passes through (their marks are cleared again). */
    private readonly los: LargeObjectSpace | null,
    /** The largest block the reserve takes: one may not fit at each region's end. */
    private readonly maxBlock: number,
    /** Marks everything reachable from the roots and from every finalizable object, then drains. */
    private readonly markLive: (marker: Marker) => void,
  ) {}

  /**
   * Whether `reserve` can take the survivors of `condemned`, grown if it must and the limit allows:
   * first to the condemned spaces' used bytes (no measuring), else to the measured survivors. `others`
   * are the spaces outside `condemned` the measuring marks pass through (their marks are cleared too).
   * Before and after: no object carries MARK; nothing has moved.
   */
  makeRoom(reserve: BumpSpace, condemned: readonly BumpSpace[], others: readonly BumpSpace[] = []): boolean {
    let used = 0;
    for (const s of condemned) used += s.usedBytes();
    const free = reserve.freeBytes();
    if (free >= used || tryAddRegion(reserve, used - free)) return true;
    this.survivors = this.survivorBytes(condemned, others);
    // A block that does not fit at a region's end goes to the next region: allow one largest block each.
    this.missing = this.survivors + (reserve.starts.length + 1) * this.maxBlock - reserve.freeBytes();
    return this.missing <= 0 || tryAddRegion(reserve, this.missing);
  }

  /**
   * `makeRoom`, or a MemoryError (the heap as it was) when even the survivors cannot fit below the limit.
   */
  ensure(reserve: BumpSpace, condemned: readonly BumpSpace[]): void {
    if (this.makeRoom(reserve, condemned)) return;
    const { limitBytes, heldBytes } = this.os;
    throw new MemoryError(
      `MemoryError: '${this.plan}' cannot copy its ${this.survivors} bytes of survivors: the copy reserve needs ${this.missing} more bytes and ${heldBytes} of ${limitBytes} are held`,
      this.missing,
      limitBytes,
      heldBytes,
    );
  }

  /** Bytes of `condemned` objects reachable from the roots or a finalizable object; clears every mark it set. */
  private survivorBytes(condemned: readonly BumpSpace[], others: readonly BumpSpace[]): number {
    this.markLive(this.marker);
    // Marking went through large objects too (they may refer to small ones): count the condemned only.
    let bytes = 0;
    const u32 = this.memory.u32;
    for (const s of condemned)
      s.forEachBlock((o) => {
        if ((statusOf(u32, o) & MARK) !== 0) {
          bytes += sizeOf(u32, o);
          clearStatus(u32, o, MARK);
        }
      }, u32);
    for (const s of others) s.forEachBlock((o) => clearStatus(u32, o, MARK), u32);
    this.los?.forEachBlock((o) => clearStatus(u32, o, MARK));
    return bytes;
  }
}
